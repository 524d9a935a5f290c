package io.podnet.sim.trace.render;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import io.podnet.sim.wire.VxlanHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written trace of one TCP SYN from pod {@code frontend} on node1 to Service 10.96.0.10:80,
 * DNATed by kube-proxy to pod 10.244.1.7 on node2 and carried over Flannel VXLAN (VNI 1, UDP 8472),
 * then dropped by a network policy on node2.
 */
final class SampleTrace {
    static final Ipv4Address POD_A = Ipv4Address.parse("10.244.0.5");
    static final Ipv4Address SERVICE = Ipv4Address.parse("10.96.0.10");
    static final Ipv4Address POD_B = Ipv4Address.parse("10.244.1.7");
    static final Ipv4Address NODE1 = Ipv4Address.parse("192.168.1.10");
    static final Ipv4Address NODE2 = Ipv4Address.parse("192.168.1.11");

    private SampleTrace() {}

    static List<TraceEvent> events() {
        MacAddress podMac = MacAddress.parse("0a:58:0a:f4:00:05");
        MacAddress cni0 = MacAddress.parse("0a:58:0a:f4:00:01");
        MacAddress vtep1 = MacAddress.parse("0a:aa:aa:00:00:01");
        MacAddress vtep2 = MacAddress.parse("0a:aa:aa:00:00:02");
        MacAddress eth1 = MacAddress.parse("02:00:00:00:0a:01");
        MacAddress eth2 = MacAddress.parse("02:00:00:00:0a:02");
        TcpHeader syn = new TcpHeader(43512, 80, 1000, 0, TcpHeader.SYN, 64860, 1410, 7, true, new TcpHeader.Timestamps(1, 0));
        Ipv4Header ip = Ipv4Header.of(POD_A, SERVICE, Ipv4Header.PROTO_TCP, 64, 4242);
        Packet l3 = Packet.of(null, ip, syn);
        Packet frame = Packet.of(null, new EthernetHeader(cni0, podMac, 0x0800), ip, syn);
        Packet dnat = frame.with(1, ip.withDst(POD_B));
        Packet inner = Packet.of(null, new EthernetHeader(vtep2, vtep1, 0x0800), ip.withDst(POD_B).withTtl(63), syn);
        Packet outer = inner.encapsulate(List.of(new EthernetHeader(eth2, eth1, 0x0800),
                new Ipv4Header(0, 17, false, false, 0, 64, Ipv4Header.PROTO_UDP, NODE1, NODE2),
                new UdpHeader(48134, 8472), new VxlanHeader(1)));

        List<TraceEvent> ev = new ArrayList<>();
        add(ev, 0, "frontend", "eth0", EventKind.SEND, "frontend connects to 10.96.0.10:80 (SYN)", l3, null, null);
        add(ev, 0, "frontend", "eth0", EventKind.ROUTE, "default route: next hop 10.244.0.1 on eth0", l3, null,
                new Decision.RouteMatch("main", "default via 10.244.0.1 dev eth0", "10.244.0.1", "eth0"));
        add(ev, 0, "frontend", "eth0", EventKind.TX, "eth0 sends the frame to the node's veth", frame, null, null);
        add(ev, 1_250, "node1", "veth1a2b", EventKind.RX, "veth1a2b receives from frontend", frame, null, null);
        add(ev, 1_250, "node1", "cni0", EventKind.BRIDGE, "cni0 delivers to the host (destination MAC is the bridge)", frame, null,
                new Decision.FdbEntry("0a:58:0a:f4:00:01", "cni0", null, null));
        add(ev, 2_000, "node1", "netfilter", EventKind.NETFILTER, "kube-proxy DNAT: service 10.96.0.10:80 -> pod 10.244.1.7:80",
                frame, dnat, new Decision.RuleHit("nat", "KUBE-SEP-ABCDEF", 2,
                        "-A KUBE-SEP-ABCDEF -p tcp -m tcp -j DNAT --to-destination 10.244.1.7:80", "DNAT"));
        add(ev, 2_000, "node1", "netfilter", EventKind.CONNTRACK, "new connection tracked", dnat, null,
                new Decision.Conntrack("NEW", "10.244.0.5:43512 -> 10.96.0.10:80", "10.244.1.7:80 -> 10.244.0.5:43512"));
        add(ev, 2_500, "node1", null, EventKind.ROUTE, "10.244.1.0/24 is node2's pod CIDR, via flannel.1", dnat, null,
                new Decision.RouteMatch("main", "10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink", "10.244.1.0", "flannel.1"));
        add(ev, 3_000, "node1", "flannel.1", EventKind.TX, "flannel.1 sends to node2's VTEP", inner, null,
                new Decision.FdbEntry("0a:aa:aa:00:00:02", "flannel.1", "192.168.1.11",
                        "0a:aa:aa:00:00:02 dev flannel.1 dst 192.168.1.11 self permanent"));
        add(ev, 3_000, "node1", "flannel.1", EventKind.ENCAP, "wrapped in VXLAN for node2", inner, outer,
                new Decision.Tunnel("vxlan", 1, "192.168.1.10", "192.168.1.11", 8472, 50));
        add(ev, 3_500, "node1", "eth0", EventKind.TX, "eth0 sends the VXLAN datagram to node2", outer, null, null);
        add(ev, 3_500, "node1", "eth0", EventKind.LINK, "1 Gbit/s link, 10 us", outer, null,
                new Decision.LinkHop("node1/eth0<->node2/eth0", 1_072, 10_000, 0));
        add(ev, 14_572, "node2", "eth0", EventKind.RX, "eth0 receives from node1", outer, null, null);
        add(ev, 15_000, "node2", "flannel.1", EventKind.DECAP, "VXLAN VNI 1 unwrapped", outer, inner, null);
        add(ev, 15_000, "node2", "flannel.1", EventKind.RX, "flannel.1 receives the inner frame", inner, null, null);
        add(ev, 16_000, "node2", "netfilter", EventKind.DROP, "network policy denies ingress to backend on port 80", inner, null,
                new Decision.Drop(DropReason.NETWORK_POLICY, "no policy in namespace default allows 10.244.0.5"));
        add(ev, 20_000, "node1", null, EventKind.NOTE, "kube-proxy resynced", null, null, null);
        return ev;
    }

    private static void add(List<TraceEvent> ev, long time, String ns, String dev, EventKind kind, String text, Packet before,
                            Packet after, Decision d) {
        long id = kind == EventKind.NOTE ? -1 : 1;
        ev.add(new TraceEvent(ev.size(), time, id, kind == EventKind.NOTE ? null : "web", ns, dev, kind, text, before, after, d));
    }
}
