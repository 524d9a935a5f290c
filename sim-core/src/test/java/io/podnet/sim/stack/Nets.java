package io.podnet.sim.stack;

import io.podnet.sim.config.FdbConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NeighbourConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.SegmentConfig;
import io.podnet.sim.config.Sysctls;
import io.podnet.sim.engine.Durations;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.trace.TraceRecorder;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.UdpHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Test fixtures: hand-written network configurations and a recording harness. */
final class Nets {
    private Nets() {}

    static Ipv4Address ip(String s) {
        return Ipv4Address.parse(s);
    }

    static Ipv4Prefix cidr(String s) {
        return Ipv4Prefix.parse(s);
    }

    static MacAddress mac(String s) {
        return MacAddress.parse(s);
    }

    static RouteConfig via(String dst, String gw, String dev, boolean onlink) {
        return RouteConfig.via(cidr(dst), ip(gw), dev, onlink);
    }

    static Sysctls router() {
        return new Sysctls(true, List.of(), false, 0);
    }

    static NamespaceConfig ns(String name, List<InterfaceConfig> ifs, List<RouteConfig> routes, Sysctls s) {
        return new NamespaceConfig(name, "pod", name, ifs, routes, List.of(), List.of(), s, "");
    }

    static InterfaceConfig.Veth veth(String name, String mac, int mtu, String addr, String peerNs, String peer) {
        return new InterfaceConfig.Veth(name, mac(mac), mtu, addr == null ? List.of() : List.of(cidr(addr)), peerNs, peer,
                null, false);
    }

    /** A running network plus a trace recorder and per-namespace inboxes. */
    static final class Run {
        final Engine engine = new Engine();
        final Tracer tracer = new Tracer(engine);
        final TraceRecorder rec = new TraceRecorder();
        final SimNetwork net;
        final Map<String, List<PacketBuffer>> inbox = new TreeMap<>();

        Run(NetworkConfig cfg) {
            tracer.addListener(rec);
            net = new NetworkBuilder(cfg, engine, tracer, new SeededRandoms(1)).build();
            for (NetNamespace n : net.namespaces()) {
                List<PacketBuffer> box = new ArrayList<>();
                inbox.put(n.name(), box);
                n.setLocalDelivery(box::add);
            }
        }

        NetNamespace ns(String name) {
            return net.namespace(name);
        }

        /** Sends a UDP datagram with {@code size} payload bytes; returns the packet id. */
        long udp(String from, String src, String dst, int sport, int dport, int size, boolean df) {
            byte[] data = new byte[size];
            for (int i = 0; i < size; i++) {
                data[i] = (byte) i;
            }
            Ipv4Header h = new Ipv4Header(0, 7, df, false, 0, 64, Ipv4Header.PROTO_UDP,
                    src == null ? Ipv4Address.ANY : ip(src), ip(dst));
            NetNamespace n = ns(from);
            PacketBuffer pb = new PacketBuffer(n.nextPacketId(), "f1", Packet.of(data, h, new UdpHeader(sport, dport)));
            n.output(pb);
            return pb.id();
        }

        long ping(String from, String dst, int ttl) {
            Ipv4Header h = new Ipv4Header(0, 1, true, false, 0, ttl, Ipv4Header.PROTO_ICMP, Ipv4Address.ANY, ip(dst));
            NetNamespace n = ns(from);
            PacketBuffer pb = new PacketBuffer(n.nextPacketId(), "ping",
                    Packet.of("hello".getBytes(StandardCharsets.US_ASCII), h, IcmpHeader.echoRequest(1, 1)));
            n.output(pb);
            return pb.id();
        }

        List<TraceEvent> events(EventKind k) {
            return rec.events().stream().filter(e -> e.kind() == k).collect(Collectors.toList());
        }

        /** "location KIND" for every event of one packet id. */
        List<String> hops(long id) {
            return rec.events().stream().filter(e -> e.packetId() == id)
                    .map(e -> e.location() + " " + e.kind()).collect(Collectors.toList());
        }

        String dump() {
            return rec.events().stream().map(e -> Durations.format(e.time()) + " #" + e.packetId() + " " + e.location()
                    + " " + e.kind() + " " + e.explanation()).collect(Collectors.joining("\n"));
        }
    }

    /** Two namespaces a (10.0.0.1/24) and b (10.0.0.2/24) joined by a veth pair. */
    static NetworkConfig vethPair() {
        return new NetworkConfig(List.of(
                ns("a", List.of(veth("eth0", "02:00:00:00:00:01", 1500, "10.0.0.1/24", "b", "eth0")), List.of(),
                        Sysctls.HOST),
                ns("b", List.of(veth("eth0", "02:00:00:00:00:02", 1500, "10.0.0.2/24", "a", "eth0")), List.of(),
                        Sysctls.HOST)), List.of());
    }

    /** a (10.0.1.2) - r (10.0.1.1 | 10.0.2.1, forwarding) - b (10.0.2.2); r's right side has MTU {@code mtu}. */
    static NetworkConfig routed(int mtu) {
        return new NetworkConfig(List.of(
                ns("a", List.of(veth("eth0", "02:00:00:00:01:02", 1500, "10.0.1.2/24", "r", "left")),
                        List.of(via("0.0.0.0/0", "10.0.1.1", "eth0", false)), Sysctls.HOST),
                ns("r", List.of(veth("left", "02:00:00:00:01:01", 1500, "10.0.1.1/24", "a", "eth0"),
                        veth("right", "02:00:00:00:02:01", mtu, "10.0.2.1/24", "b", "eth0")), List.of(), router()),
                ns("b", List.of(veth("eth0", "02:00:00:00:02:02", mtu, "10.0.2.2/24", "r", "right")),
                        List.of(via("0.0.0.0/0", "10.0.2.1", "eth0", false)), Sysctls.HOST)), List.of());
    }

    static final String N1_FLANNEL_MAC = "0a:00:00:00:01:00";
    static final String N2_FLANNEL_MAC = "0a:00:00:00:02:00";

    /**
     * Two Flannel-VXLAN nodes on 172.18.0.0/24 with one pod each: pod-a (10.244.1.2) on node1,
     * pod-b (10.244.2.2) on node2; pod-a2 (10.244.1.3) also on node1.
     */
    static NetworkConfig flannel() {
        return flannel(1450, 1450);
    }

    /** The same with the pods' (and cni0's) MTU and flannel.1's MTU chosen. */
    static NetworkConfig flannel(int podMtu, int flannelMtu) {
        List<NamespaceConfig> all = new ArrayList<>();
        all.add(node(1, 2, "172.18.0.2", "172.18.0.3", N1_FLANNEL_MAC, N2_FLANNEL_MAC, List.of("pod-a", "pod-a2"),
                podMtu, flannelMtu));
        all.add(node(2, 1, "172.18.0.3", "172.18.0.2", N2_FLANNEL_MAC, N1_FLANNEL_MAC, List.of("pod-b"), podMtu,
                flannelMtu));
        all.add(pod("pod-a", "node1", "10.244.1.2", "10.244.1.1", "veth-pod-a", podMtu));
        all.add(pod("pod-a2", "node1", "10.244.1.3", "10.244.1.1", "veth-pod-a2", podMtu));
        all.add(pod("pod-b", "node2", "10.244.2.2", "10.244.2.1", "veth-pod-b", podMtu));
        SegmentConfig seg = new SegmentConfig("underlay", cidr("172.18.0.0/24"), 1_000_000_000L, 50 * Durations.US, 1500,
                100);
        return new NetworkConfig(all, List.of(seg));
    }

    static NamespaceConfig node(int n, int other, String nodeIp, String otherIp, String flannelMac, String otherFlannelMac,
                                List<String> pods, int podMtu, int flannelMtu) {
        List<InterfaceConfig> ifs = new ArrayList<>();
        ifs.add(new InterfaceConfig.Nic("eth0", mac("02:42:ac:12:00:0" + (n + 1)), 1500, List.of(cidr(nodeIp + "/24")),
                "underlay"));
        ifs.add(new InterfaceConfig.Vxlan("flannel.1", mac(flannelMac), flannelMtu, List.of(cidr("10.244." + n + ".0/32")), 1,
                8472, ip(nodeIp), "eth0", false));
        ifs.add(new InterfaceConfig.Bridge("cni0", mac("0a:58:0a:f4:0" + n + ":01"), podMtu,
                List.of(cidr("10.244." + n + ".1/24"))));
        for (String p : pods) {
            ifs.add(new InterfaceConfig.Veth("veth-" + p, MacAddress.derived("node/veth-" + p), podMtu, List.of(), p, "eth0",
                    "cni0", false));
        }
        List<RouteConfig> routes = List.of(
                via("10.244." + other + ".0/24", "10.244." + other + ".0", "flannel.1", true));
        return new NamespaceConfig("node" + n, "node", "node" + n, ifs, routes,
                List.of(new NeighbourConfig(ip("10.244." + other + ".0"), mac(otherFlannelMac), "flannel.1")),
                List.of(new FdbConfig(mac(otherFlannelMac), "flannel.1", ip(otherIp))),
                new Sysctls(true, List.of(), true, 0), "");
    }

    static NamespaceConfig pod(String name, String node, String addr, String gw, String nodeVeth, int mtu) {
        return new NamespaceConfig(name, "pod", node,
                List.of(new InterfaceConfig.Veth("eth0", MacAddress.derived(name + "/eth0"), mtu,
                        List.of(cidr(addr + "/24")), node, nodeVeth, null, false)),
                List.of(via("0.0.0.0/0", gw, "eth0", false)), List.of(), List.of(), Sysctls.HOST, "");
    }
}
