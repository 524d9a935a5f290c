package io.podnet.sim.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.podnet.sim.socket.app.HttpServerApp;
import io.podnet.sim.socket.app.Outcome;
import io.podnet.sim.socket.app.PingClientApp;
import io.podnet.sim.socket.app.TcpClientApp;
import io.podnet.sim.socket.app.TrafficResult;
import io.podnet.sim.socket.app.TrafficSpec;
import io.podnet.sim.socket.app.UdpClientApp;
import io.podnet.sim.socket.app.UdpServerApp;
import io.podnet.sim.stack.NetNamespace;
import io.podnet.sim.stack.NetworkBuilder;
import io.podnet.sim.stack.SimNetwork;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceRecorder;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.VxlanHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The socket layer on the real stack: two Flannel-VXLAN nodes, a pod on each. */
class StackIntegrationTest {
    final Engine engine = new Engine();
    final Tracer tracer = new Tracer(engine);
    final TraceRecorder rec = new TraceRecorder();
    final SeededRandoms randoms = new SeededRandoms(5);
    final Map<String, SocketLayer> sockets = new TreeMap<>();

    StackIntegrationTest() {
        tracer.addListener(rec);
        SimNetwork net = new NetworkBuilder(flannel(), engine, tracer, randoms).build();
        for (NetNamespace n : net.namespaces()) {
            SocketLayer s = new SocketLayer(n, randoms.stream("sockets/" + n.name()));
            n.setLocalDelivery(s);
            sockets.put(n.name(), s);
        }
    }

    @Test
    void httpAcrossVxlanIsDeliveredWithTheOverlayMss() {
        new HttpServerApp(sockets.get("pod-b"), 8080, 20_000).start();
        List<TrafficResult> results = new ArrayList<>();
        TcpClientApp c = TcpClientApp.http(sockets.get("pod-a"),
                new TrafficSpec("web", new Endpoint(ip("10.244.2.2"), 8080), 200, 20_000, Durations.S), "pod-b",
                results::add);
        engine.schedule(0, c::start);
        engine.runUntilIdle();
        TrafficResult r = c.result();
        assertEquals(Outcome.DELIVERED, r.outcome(), r.summary());
        assertEquals(new Endpoint(ip("10.244.2.2"), 8080), r.server());
        assertEquals(1410, c.connection().advertisedMss()); // pod MTU 1450 - 40
        assertEquals(1398, c.connection().mss());
        // Every data segment crossed flannel.1 inside VXLAN.
        assertTrue(rec.events().stream().anyMatch(e -> e.kind() == EventKind.ENCAP
                && e.packet().first(VxlanHeader.class) != null && e.packet().first(TcpHeader.class) != null));
        assertTrue(rec.events().stream().anyMatch(e -> e.kind() == EventKind.DELIVER && e.namespace().equals("pod-b")
                && e.explanation().startsWith("TCP SYN from 10.244.1.2:") && e.explanation().endsWith(
                "delivered to socket 10.244.2.2:8080 (LISTEN)")));
    }

    @Test
    void closedPortAndUdpAndPingThroughTheStack() {
        new UdpServerApp(sockets.get("pod-b"), 53, 100).start();
        List<TrafficResult> results = new ArrayList<>();
        TcpClientApp refused = TcpClientApp.tcp(sockets.get("pod-a"),
                new TrafficSpec("refused", new Endpoint(ip("10.244.2.2"), 81), 10, 10, Durations.S), results::add);
        UdpClientApp dns = new UdpClientApp(sockets.get("pod-a"),
                new TrafficSpec("dns", new Endpoint(ip("10.244.2.2"), 53), 40, 100, Durations.S), results::add);
        UdpClientApp udpClosed = new UdpClientApp(sockets.get("pod-a"),
                new TrafficSpec("udp-closed", new Endpoint(ip("10.244.2.2"), 54), 40, 100, Durations.S), results::add);
        PingClientApp ping = new PingClientApp(sockets.get("pod-a"),
                new TrafficSpec("ping", new Endpoint(ip("10.244.2.2"), 0), 56, 0, Durations.S), results::add);
        engine.schedule(0, refused::start);
        engine.schedule(0, dns::start);
        engine.schedule(0, udpClosed::start);
        engine.schedule(0, ping::start);
        engine.runUntilIdle();
        assertEquals(Outcome.REFUSED, refused.result().outcome(), refused.result().summary());
        assertEquals(Outcome.DELIVERED, dns.result().outcome(), dns.result().summary());
        assertEquals(Outcome.REFUSED, udpClosed.result().outcome(), udpClosed.result().summary());
        assertEquals(Outcome.DELIVERED, ping.result().outcome(), ping.result().summary());
        assertEquals(4, results.size());
    }

    /**
     * Pod MTU 1500 over flannel.1 at 1450 (DATAPLANE-FACTS' first row), with Linux's default
     * IP_PMTUDISC_WANT for UDP: the first 1472-byte datagram leaves with DF and node1 answers
     * "fragmentation needed, mtu 1450"; the pod records that path MTU, so the next datagram leaves
     * without DF and is fragmented by the pod itself, and arrives.
     */
    @Test
    void udpLearnsThePathMtuAndFragmentsTheNextDatagram() {
        SimNetwork net = rebuiltWithPodMtu(1500); // pods' eth0 and the bridges at 1500: the overlay MTU is wrong
        List<Packet> received = new ArrayList<>();
        NetNamespace b = net.namespace("pod-b");
        b.setLocalDelivery(pb -> received.add(pb.packet()));
        SocketLayer a = new SocketLayer(net.namespace("pod-a"), randoms.stream("pmtu/pod-a"));
        net.namespace("pod-a").setLocalDelivery(a);
        UdpSocket sock = a.udpOpen((socket, from, to, d, flow) -> { });
        byte[] data = new byte[1472];
        engine2.schedule(0, () -> sock.sendTo(new Endpoint(ip("10.244.2.2"), 9000), data, "first"));
        engine2.schedule(Durations.MS, () -> sock.sendTo(new Endpoint(ip("10.244.2.2"), 9000), data, "second"));
        engine2.runUntil(Durations.S);
        assertEquals(1450, net.namespace("pod-a").mtuFor(ip("10.244.2.2")), "the learned path MTU");
        assertEquals(1, received.size(), "only the second datagram arrives: " + received);
        assertEquals(1472, received.get(0).payloadLength());
        assertTrue(rec2.events().stream().anyMatch(e -> e.kind() == EventKind.FRAGMENT
                && e.location().equals("pod-a/eth0") && "second".equals(e.flow())), "fragmented by the sender");
        assertTrue(rec2.events().stream().anyMatch(e -> e.kind() == EventKind.ICMP_ERROR && "first".equals(e.flow())));
    }

    final Engine engine2 = new Engine();
    final TraceRecorder rec2 = new TraceRecorder();

    private SimNetwork rebuiltWithPodMtu(int mtu) {
        Tracer t = new Tracer(engine2);
        t.addListener(rec2);
        SimNetwork net = new NetworkBuilder(flannel(), engine2, t, new SeededRandoms(6)).build();
        for (NetNamespace n : net.namespaces()) {
            for (io.podnet.sim.device.NetDevice d : n.devices()) {
                if (d.name().equals("eth0") && n.name().startsWith("pod-") || d.name().equals("cni0")
                        || d.name().startsWith("veth-")) {
                    d.setMtu(mtu);
                }
            }
        }
        return net;
    }

    // ---- a hand-written Flannel VXLAN cluster (as the stack's own tests build it)

    static Ipv4Address ip(String s) {
        return Ipv4Address.parse(s);
    }

    static Ipv4Prefix cidr(String s) {
        return Ipv4Prefix.parse(s);
    }

    static NetworkConfig flannel() {
        List<NamespaceConfig> all = new ArrayList<>();
        all.add(node(1, 2, "172.18.0.2", "172.18.0.3", "0a:00:00:00:01:00", "0a:00:00:00:02:00", "pod-a"));
        all.add(node(2, 1, "172.18.0.3", "172.18.0.2", "0a:00:00:00:02:00", "0a:00:00:00:01:00", "pod-b"));
        all.add(pod("pod-a", "node1", "10.244.1.2", "10.244.1.1"));
        all.add(pod("pod-b", "node2", "10.244.2.2", "10.244.2.1"));
        SegmentConfig seg = new SegmentConfig("underlay", cidr("172.18.0.0/24"), 1_000_000_000L, 50 * Durations.US,
                1500, 100);
        return new NetworkConfig(all, List.of(seg));
    }

    static NamespaceConfig node(int n, int other, String nodeIp, String otherIp, String flannelMac,
                                String otherFlannelMac, String pod) {
        List<InterfaceConfig> ifs = List.of(
                new InterfaceConfig.Nic("eth0", MacAddress.parse("02:42:ac:12:00:0" + (n + 1)), 1500,
                        List.of(cidr(nodeIp + "/24")), "underlay"),
                new InterfaceConfig.Vxlan("flannel.1", MacAddress.parse(flannelMac), 1450,
                        List.of(cidr("10.244." + n + ".0/32")), 1, 8472, ip(nodeIp), "eth0", false),
                new InterfaceConfig.Bridge("cni0", MacAddress.parse("0a:58:0a:f4:0" + n + ":01"), 1450,
                        List.of(cidr("10.244." + n + ".1/24"))),
                new InterfaceConfig.Veth("veth-" + pod, MacAddress.derived("node/veth-" + pod), 1450, List.of(), pod,
                        "eth0", "cni0", false));
        List<RouteConfig> routes = List.of(RouteConfig.via(cidr("10.244." + other + ".0/24"),
                ip("10.244." + other + ".0"), "flannel.1", true));
        return new NamespaceConfig("node" + n, "node", "node" + n, ifs, routes,
                List.of(new NeighbourConfig(ip("10.244." + other + ".0"), MacAddress.parse(otherFlannelMac),
                        "flannel.1")),
                List.of(new FdbConfig(MacAddress.parse(otherFlannelMac), "flannel.1", ip(otherIp))),
                new Sysctls(true, List.of(), true, 0), "");
    }

    static NamespaceConfig pod(String name, String node, String addr, String gw) {
        return new NamespaceConfig(name, "pod", node,
                List.of(new InterfaceConfig.Veth("eth0", MacAddress.derived(name + "/eth0"), 1450,
                        List.of(cidr(addr + "/24")), node, "veth-" + name, null, false)),
                List.of(RouteConfig.via(cidr("0.0.0.0/0"), ip(gw), "eth0", false)), List.of(), List.of(),
                Sysctls.HOST, "");
    }
}
