package io.podnet.viewer;

import io.podnet.sim.config.FdbConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NeighbourConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.SegmentConfig;
import io.podnet.sim.config.Sysctls;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.Header;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import io.podnet.sim.wire.VxlanHeader;
import io.podnet.viewer.model.ViewModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hand-made inputs for the viewer's tests: a Flannel-VXLAN cluster rendered as a
 * {@link NetworkConfig} and a synthetic trace shaped like the simulator's (SYN through the veth,
 * cni0, kube-proxy DNAT, flannel.1 encapsulation, the underlay, decapsulation and delivery; then
 * the SYN-ACK with the NAT reversed). Nothing here simulates; the events are written out by hand.
 */
public final class Fixtures {
    public static final String FLOW = "frontend-calls-my-app";
    static final Ipv4Address VIP = Ipv4Address.parse("10.96.0.10");

    private Fixtures() {}

    /** The seed scenario: node1/frontend-abcde calls Service my-app backed by node2/backend-fghij. */
    public static ViewModel seed() {
        Cluster c = new Cluster(2, new String[][] {{"frontend-abcde"}, {"backend-fghij"}}, true);
        Trace t = new Trace(c);
        Pod fe = c.pod("frontend-abcde");
        Pod be = c.pod("backend-fghij");
        TcpHeader syn = new TcpHeader(40000, 80, 1000, 0, TcpHeader.SYN, 64240, 1460, 7, true);
        t.trip(1, FLOW, fe, be, fe.ip, VIP, syn, true, false);
        TcpHeader synAck = new TcpHeader(8080, 40000, 5000, 1001, TcpHeader.SYN | TcpHeader.ACK, 65160, 1460, 7, true);
        t.trip(2, FLOW, be, fe, be.ip, fe.ip, synAck, false, true);
        return ViewModel.of("frontend-to-backend", "frontend-abcde calls Service my-app (synthetic trace)", c.config(),
                t.events);
    }

    /** A large cluster: {@code nodes} nodes with {@code podsPerNode} pods, {@code flows} pod-to-pod SYNs. */
    public static ViewModel large(int nodes, int podsPerNode, int flows, long seed) {
        String[][] names = new String[nodes][podsPerNode];
        for (int i = 0; i < nodes; i++) {
            for (int k = 0; k < podsPerNode; k++) {
                names[i][k] = "app-" + (i + 1) + "-" + k;
            }
        }
        Cluster c = new Cluster(nodes, names, false);
        Trace t = new Trace(c);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int f = 0; f < flows; f++) {
            int a = rnd.nextInt(nodes);
            int b = (a + 1 + rnd.nextInt(nodes - 1)) % nodes;
            Pod src = c.pods.get(a * podsPerNode + rnd.nextInt(podsPerNode));
            Pod dst = c.pods.get(b * podsPerNode + rnd.nextInt(podsPerNode));
            TcpHeader syn = new TcpHeader(30000 + f, 8080, 1000 + f, 0, TcpHeader.SYN, 64240, 1460, 7, true);
            t.trip(100 + f, "flow-" + f, src, dst, src.ip, dst.ip, syn, false, false);
        }
        return ViewModel.of("large-" + nodes + "x" + podsPerNode, "synthetic", c.config(), t.events);
    }

    static final class Pod {
        final String name;
        final int node;
        final Ipv4Address ip;
        final MacAddress mac;
        final String hostVeth;
        final MacAddress hostVethMac;

        Pod(String name, int node, int index) {
            this.name = name;
            this.node = node;
            this.ip = Ipv4Address.of(10, 244, node, 2 + index);
            this.mac = MacAddress.derived(name + "/eth0");
            this.hostVeth = "veth" + String.format("%08x", name.hashCode());
            this.hostVethMac = MacAddress.derived(name + "/host");
        }
    }

    static final class Cluster {
        final int nodes;
        final List<Pod> pods = new ArrayList<>();
        final boolean kubeProxy;

        Cluster(int nodes, String[][] podNames, boolean kubeProxy) {
            this.nodes = nodes;
            this.kubeProxy = kubeProxy;
            for (int i = 0; i < nodes; i++) {
                for (int k = 0; k < podNames[i].length; k++) {
                    pods.add(new Pod(podNames[i][k], i, k));
                }
            }
        }

        Pod pod(String name) {
            for (Pod p : pods) {
                if (p.name.equals(name)) {
                    return p;
                }
            }
            throw new IllegalArgumentException(name);
        }

        static String node(int i) {
            return "node" + (i + 1);
        }

        static Ipv4Address nodeIp(int i) {
            return Ipv4Address.of(172, 18, (i + 2) / 256, (i + 2) % 256);
        }

        static MacAddress eth0Mac(int i) {
            return MacAddress.derived(node(i) + "/eth0");
        }

        static MacAddress cni0Mac(int i) {
            return MacAddress.derived(node(i) + "/cni0");
        }

        static MacAddress vtepMac(int i) {
            return MacAddress.derived(node(i) + "/flannel.1");
        }

        NetworkConfig config() {
            List<NamespaceConfig> ns = new ArrayList<>();
            Ipv4Prefix underlay = Ipv4Prefix.parse("172.18.0.0/16");
            for (int i = 0; i < nodes; i++) {
                List<InterfaceConfig> ifs = new ArrayList<>();
                ifs.add(new InterfaceConfig.Nic("eth0", eth0Mac(i), 1500, List.of(new Ipv4Prefix(nodeIp(i), 16)), "underlay"));
                ifs.add(new InterfaceConfig.Bridge("cni0", cni0Mac(i), 1450,
                        List.of(new Ipv4Prefix(Ipv4Address.of(10, 244, i, 1), 24))));
                ifs.add(new InterfaceConfig.Vxlan("flannel.1", vtepMac(i), 1450,
                        List.of(new Ipv4Prefix(Ipv4Address.of(10, 244, i, 0), 32)), 1, 8472, nodeIp(i), "eth0", false));
                List<RouteConfig> routes = new ArrayList<>();
                routes.add(new RouteConfig("unicast", Ipv4Prefix.DEFAULT, Ipv4Address.of(172, 18, 0, 1), "eth0", false,
                        "global", null, "static"));
                routes.add(RouteConfig.connected(Ipv4Prefix.parse("10.244." + i + ".0/24"), "cni0", Ipv4Address.of(10, 244, i, 1)));
                List<NeighbourConfig> neigh = new ArrayList<>();
                List<FdbConfig> fdb = new ArrayList<>();
                for (int j = 0; j < nodes; j++) {
                    if (j != i) {
                        routes.add(RouteConfig.via(Ipv4Prefix.parse("10.244." + j + ".0/24"), Ipv4Address.of(10, 244, j, 0),
                                "flannel.1", true));
                        neigh.add(new NeighbourConfig(Ipv4Address.of(10, 244, j, 0), vtepMac(j), "flannel.1"));
                        fdb.add(new FdbConfig(vtepMac(j), "flannel.1", nodeIp(j)));
                    }
                }
                routes.add(RouteConfig.connected(underlay, "eth0", nodeIp(i)));
                for (Pod p : pods) {
                    if (p.node == i) {
                        ifs.add(new InterfaceConfig.Veth(p.hostVeth, p.hostVethMac, 1450, List.of(), p.name, "eth0", "cni0", false));
                    }
                }
                ns.add(new NamespaceConfig(node(i), "node", node(i), ifs, routes, neigh, fdb,
                        new Sysctls(true, List.of(), true, 0), kubeProxy ? IPTABLES : ""));
            }
            for (Pod p : pods) {
                Ipv4Address gw = Ipv4Address.of(10, 244, p.node, 1);
                List<RouteConfig> routes = List.of(
                        new RouteConfig("unicast", Ipv4Prefix.DEFAULT, gw, "eth0", false, "global", null, "static"),
                        RouteConfig.connected(Ipv4Prefix.parse("10.244." + p.node + ".0/24"), "eth0", p.ip));
                ns.add(new NamespaceConfig(p.name, "pod", node(p.node),
                        List.of(new InterfaceConfig.Veth("eth0", p.mac, 1450, List.of(new Ipv4Prefix(p.ip, 24)), node(p.node),
                                p.hostVeth, null, false)),
                        routes, List.of(), List.of(), Sysctls.HOST, ""));
            }
            return new NetworkConfig(ns, List.of(new SegmentConfig("underlay", underlay, 10_000_000_000L, 50_000, 1500, 1000)));
        }
    }

    /** The iptables-restore text of node1 in the seed scenario (kube-proxy, iptables mode). */
    static final String IPTABLES = String.join("\n",
            "*filter",
            ":INPUT ACCEPT [0:0]",
            ":FORWARD ACCEPT [0:0]",
            ":OUTPUT ACCEPT [0:0]",
            ":KUBE-FORWARD - [0:0]",
            "-A FORWARD -m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD",
            "-A KUBE-FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
            "COMMIT",
            "*nat",
            ":PREROUTING ACCEPT [0:0]",
            ":INPUT ACCEPT [0:0]",
            ":OUTPUT ACCEPT [0:0]",
            ":POSTROUTING ACCEPT [0:0]",
            ":KUBE-SERVICES - [0:0]",
            ":KUBE-POSTROUTING - [0:0]",
            ":KUBE-MARK-MASQ - [0:0]",
            ":KUBE-SVC-ZK3C5C5XZQ6OR5QF - [0:0]",
            ":KUBE-SEP-6E7XQMQ4RAYOWTTM - [0:0]",
            "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
            "-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
            "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING",
            "-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000",
            "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
            "-A KUBE-POSTROUTING -j MASQUERADE --random-fully",
            "-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment \"default/my-app cluster IP\" -m tcp --dport 80 -j KUBE-SVC-ZK3C5C5XZQ6OR5QF",
            "-A KUBE-SVC-ZK3C5C5XZQ6OR5QF ! -s 10.244.0.0/16 -d 10.96.0.10/32 -p tcp -m comment --comment \"default/my-app cluster IP\" -m tcp --dport 80 -j KUBE-MARK-MASQ",
            "-A KUBE-SVC-ZK3C5C5XZQ6OR5QF -m comment --comment \"default/my-app -> 10.244.1.2:8080\" -j KUBE-SEP-6E7XQMQ4RAYOWTTM",
            "-A KUBE-SEP-6E7XQMQ4RAYOWTTM -s 10.244.1.2/32 -m comment --comment \"default/my-app\" -j KUBE-MARK-MASQ",
            "-A KUBE-SEP-6E7XQMQ4RAYOWTTM -p tcp -m comment --comment \"default/my-app\" -m tcp -j DNAT --to-destination 10.244.1.2:8080",
            "COMMIT",
            "");

    static final String DNAT_RULE = "-A KUBE-SEP-6E7XQMQ4RAYOWTTM -p tcp -m comment --comment \"default/my-app\" -m tcp -j DNAT --to-destination 10.244.1.2:8080";

    /** Writes events by hand in the order the simulator would emit them. */
    static final class Trace {
        final Cluster c;
        final List<TraceEvent> events = new ArrayList<>();
        long time;

        Trace(Cluster c) {
            this.c = c;
        }

        void emit(long id, String flow, String ns, String dev, EventKind k, String text, Packet before, Packet after,
                  Decision d, long dt) {
            time += dt;
            events.add(new TraceEvent(events.size(), time, id, flow, ns, dev, k, text, before, after, d));
        }

        static Packet replace(Packet p, Header old, Header now) {
            return p.with(p.headers().indexOf(old), now);
        }

        void trip(long id, String flow, Pod src, Pod dst, Ipv4Address ipSrc, Ipv4Address ipDst, TcpHeader tcp,
                  boolean dnat, boolean unDnat) {
            String a = Cluster.node(src.node);
            String b = Cluster.node(dst.node);
            Ipv4Header ip = Ipv4Header.of(ipSrc, ipDst, Ipv4Header.PROTO_TCP, 64, 0x1c46 + (int) id);
            Packet l3 = Packet.of(new byte[0], ip, tcp);
            String fl = TcpHeaderText.flags(tcp);
            emit(id, flow, src.name, null, EventKind.SEND, src.name + " sends " + fl + " " + ipSrc + ":" + tcp.srcPort() + " → "
                    + ipDst + ":" + tcp.dstPort(), l3, null, new Decision.Socket(tcp.ack() == 0 ? "SYN_SENT" : "SYN_RECV",
                    "connect() from " + ipSrc + ":" + tcp.srcPort()), 1000);
            Ipv4Address gw = Ipv4Address.of(10, 244, src.node, 1);
            emit(id, flow, src.name, null, EventKind.ROUTE, "route lookup for " + ipDst + ": default via " + gw + " dev eth0",
                    l3, null, new Decision.RouteMatch("main", "default via " + gw + " dev eth0", gw.toString(), "eth0"), 200);
            EthernetHeader eth = new EthernetHeader(Cluster.cni0Mac(src.node), src.mac, EthernetHeader.TYPE_IPV4);
            Packet f = l3.encapsulate(List.of(eth));
            emit(id, flow, src.name, "eth0", EventKind.NEIGHBOUR, "ARP cache: " + gw + " is at " + Cluster.cni0Mac(src.node)
                    + " (cni0); Ethernet header added", l3, f, new Decision.Neighbour(gw.toString(),
                    Cluster.cni0Mac(src.node).toString(), "eth0", "REACHABLE"), 200);
            emit(id, flow, src.name, "eth0", EventKind.TX, "eth0 transmits " + f.length() + " bytes into the veth pair", f, null,
                    null, 300);
            emit(id, flow, a, src.hostVeth, EventKind.RX, src.hostVeth + " (host end of the veth) receives the frame", f, null,
                    null, 100);
            emit(id, flow, a, "cni0", EventKind.BRIDGE, "cni0: destination MAC is the bridge's own; the frame goes up to "
                    + a + "'s IP stack", f, null, null, 300);
            if (dnat) {
                Ipv4Address be = dst.ip;
                Packet dn = replace(f, ip, ip.withDst(be));
                TcpHeader t2 = new TcpHeader(tcp.srcPort(), 8080, tcp.seq(), tcp.ack(), tcp.flags(), tcp.window(), tcp.mss(),
                        tcp.windowScale(), tcp.sackPermitted());
                dn = replace(dn, tcp, t2);
                emit(id, flow, a, null, EventKind.NETFILTER, "nat PREROUTING → KUBE-SERVICES → KUBE-SVC-ZK3C5C5XZQ6OR5QF → "
                        + "KUBE-SEP-6E7XQMQ4RAYOWTTM: DNAT " + ipDst + ":80 → " + be + ":8080", f, dn,
                        new Decision.RuleHit("nat", "KUBE-SEP-6E7XQMQ4RAYOWTTM", 2, DNAT_RULE, "DNAT"), 400);
                f = dn;
                ip = dn.last(Ipv4Header.class);
                tcp = t2;
            }
            Ipv4Address vtepB = Ipv4Address.of(10, 244, dst.node, 0);
            String route = "10.244." + dst.node + ".0/24 via " + vtepB + " dev flannel.1 onlink";
            Ipv4Header ip63 = ip.withTtl(ip.ttl() - 1);
            Packet fwd = replace(f, ip, ip63);
            emit(id, flow, a, null, EventKind.ROUTE, "forward: " + ip.dst() + " matches " + route + "; TTL " + ip.ttl() + " → "
                    + ip63.ttl(), f, fwd, new Decision.RouteMatch("main", route, vtepB.toString(), "flannel.1"), 300);
            EthernetHeader inner = new EthernetHeader(Cluster.vtepMac(dst.node), Cluster.vtepMac(src.node), EthernetHeader.TYPE_IPV4);
            Packet innerF = fwd.with(0, inner);
            emit(id, flow, a, "flannel.1", EventKind.NEIGHBOUR, "neighbour " + vtepB + " is at " + Cluster.vtepMac(dst.node)
                    + " (flannel.1 of " + b + ", permanent entry written by flanneld)", fwd, innerF,
                    new Decision.Neighbour(vtepB.toString(), Cluster.vtepMac(dst.node).toString(), "flannel.1", "PERMANENT"), 200);
            String fdbText = Cluster.vtepMac(dst.node) + " dev flannel.1 dst " + Cluster.nodeIp(dst.node) + " self permanent";
            emit(id, flow, a, "flannel.1", EventKind.ENCAP, "FDB: " + Cluster.vtepMac(dst.node) + " is behind VTEP "
                    + Cluster.nodeIp(dst.node) + " (" + b + ")", innerF, null, new Decision.FdbEntry(
                    Cluster.vtepMac(dst.node).toString(), "flannel.1", Cluster.nodeIp(dst.node).toString(), fdbText), 100);
            List<Header> outer = List.of(
                    new EthernetHeader(Cluster.eth0Mac(dst.node), Cluster.eth0Mac(src.node), EthernetHeader.TYPE_IPV4),
                    new Ipv4Header(0, 0x2a00 + (int) id, false, false, 0, 64, Ipv4Header.PROTO_UDP, Cluster.nodeIp(src.node),
                            Cluster.nodeIp(dst.node)),
                    new UdpHeader(49152 + (int) id, 8472, false),
                    new VxlanHeader(1));
            Packet enc = innerF.encapsulate(outer);
            emit(id, flow, a, "flannel.1", EventKind.ENCAP, "flannel.1 wraps the frame in VXLAN (VNI 1): UDP " + Cluster.nodeIp(src.node)
                    + " → " + Cluster.nodeIp(dst.node) + ":8472, 50 bytes of outer headers", innerF, enc,
                    new Decision.Tunnel("vxlan", 1, Cluster.nodeIp(src.node).toString(), Cluster.nodeIp(dst.node).toString(), 8472, 50),
                    500);
            emit(id, flow, a, null, EventKind.ROUTE, "outer packet: " + Cluster.nodeIp(dst.node) + " matches 172.18.0.0/16 dev eth0",
                    enc, null, new Decision.RouteMatch("main", "172.18.0.0/16 dev eth0 proto kernel scope link src "
                    + Cluster.nodeIp(src.node), null, "eth0"), 200);
            emit(id, flow, a, "eth0", EventKind.TX, "eth0 transmits " + enc.length() + " bytes onto the underlay", enc, null, null, 200);
            long ser = enc.length() * 8L * 1_000_000_000L / 10_000_000_000L;
            emit(id, flow, "underlay", null, EventKind.LINK, "underlay carries the frame to " + b + " (" + ser + " ns + 50 µs)",
                    enc, null, new Decision.LinkHop("underlay", ser, 50_000, 0), 50_000 + ser);
            emit(id, flow, b, "eth0", EventKind.RX, "eth0 of " + b + " receives UDP to port 8472", enc, null, null, 100);
            emit(id, flow, b, "flannel.1", EventKind.DECAP, "UDP port 8472 belongs to flannel.1 (VNI 1): outer headers removed",
                    enc, innerF, new Decision.Tunnel("vxlan", 1, Cluster.nodeIp(src.node).toString(),
                    Cluster.nodeIp(dst.node).toString(), 8472, 50), 400);
            Packet cur = innerF;
            if (unDnat) {
                Ipv4Header ipIn = cur.last(Ipv4Header.class);
                TcpHeader tIn = cur.last(TcpHeader.class);
                Packet rev = replace(cur, ipIn, ipIn.withSrc(VIP));
                rev = replace(rev, tIn, new TcpHeader(80, tIn.dstPort(), tIn.seq(), tIn.ack(), tIn.flags(), tIn.window(),
                        tIn.mss(), tIn.windowScale(), tIn.sackPermitted()));
                emit(id, flow, b, null, EventKind.CONNTRACK, "conntrack: reply of a DNAT'd connection; source "
                        + ipIn.src() + ":8080 restored to " + VIP + ":80", cur, rev,
                        new Decision.Nat("DNAT", ipIn.src() + ":8080", VIP + ":80", true), 300);
                cur = rev;
            }
            Ipv4Header ipc = cur.last(Ipv4Header.class);
            Ipv4Header ip62 = ipc.withTtl(ipc.ttl() - 1);
            Packet last = replace(cur, ipc, ip62).with(0,
                    new EthernetHeader(dst.mac, Cluster.cni0Mac(dst.node), EthernetHeader.TYPE_IPV4));
            String r2 = "10.244." + dst.node + ".0/24 dev cni0 proto kernel scope link src 10.244." + dst.node + ".1";
            emit(id, flow, b, null, EventKind.ROUTE, "forward: " + ip62.dst() + " matches " + r2 + "; TTL " + ipc.ttl() + " → "
                    + ip62.ttl(), cur, last, new Decision.RouteMatch("main", r2, null, "cni0"), 300);
            emit(id, flow, b, "cni0", EventKind.BRIDGE, "cni0 forwards to port " + dst.hostVeth + " (learned " + dst.mac + ")",
                    last, null, new Decision.FdbEntry(dst.mac.toString(), dst.hostVeth, null, dst.mac + " dev " + dst.hostVeth
                    + " master cni0"), 200);
            emit(id, flow, b, dst.hostVeth, EventKind.TX, dst.hostVeth + " hands the frame to its peer", last, null, null, 100);
            emit(id, flow, dst.name, "eth0", EventKind.RX, dst.name + " eth0 receives the frame", last, null, null, 100);
            emit(id, flow, dst.name, null, EventKind.DELIVER, "delivered to the socket listening on " + ip62.dst() + ":"
                    + last.last(TcpHeader.class).dstPort(), last, null, new Decision.Socket("LISTEN",
                    "accepts " + fl), 300);
        }
    }

    static final class TcpHeaderText {
        static String flags(TcpHeader t) {
            return (t.flags() & TcpHeader.ACK) != 0 ? "SYN-ACK" : "SYN";
        }
    }
}
