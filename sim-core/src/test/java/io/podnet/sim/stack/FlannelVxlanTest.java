package io.podnet.sim.stack;

import static io.podnet.sim.stack.Nets.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.device.VxlanDevice;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.UdpHeader;
import io.podnet.sim.wire.VxlanHeader;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlannelVxlanTest {
    @Test
    void udpFromPodAReachesPodBThroughVxlan() {
        Nets.Run run = new Nets.Run(Nets.flannel());
        long id = run.udp("pod-a", null, "10.244.2.2", 5000, 8080, 100, true);
        run.engine.runUntilIdle();

        assertEquals(1, run.inbox.get("pod-b").size(), run.dump());
        Packet got = run.inbox.get("pod-b").get(0).packet();
        Ipv4Header ip = (Ipv4Header) got.header(0);
        assertEquals(ip("10.244.1.2"), ip.src());
        assertEquals(ip("10.244.2.2"), ip.dst());
        assertEquals(62, ip.ttl(), "two routers (node1, node2) decrement the TTL");
        assertEquals(new UdpHeader(5000, 8080), got.header(1));
        assertEquals(100, got.payloadLength());

        List<String> hops = run.hops(id);
        List<String> expected = List.of("pod-a ROUTE", "pod-a/eth0 NOTE", "pod-a/eth0 NEIGHBOUR", "pod-a/eth0 TX",
                "node1/veth-pod-a RX", "node1/cni0 RX", "node1/cni0 ROUTE", "node1/cni0 NOTE",
                "node1/flannel.1 NEIGHBOUR", "node1/flannel.1 TX", "node1/flannel.1 NOTE", "node1/flannel.1 ENCAP",
                "node1 ROUTE", "node1/eth0 NEIGHBOUR", "node1/eth0 TX", "underlay/node1.eth0>underlay LINK",
                "underlay/switch BRIDGE", "underlay/underlay>node2.eth0 LINK", "node2/eth0 RX", "node2/eth0 ROUTE",
                "node2/flannel.1 DECAP", "node2/flannel.1 RX", "node2/flannel.1 ROUTE", "node2/flannel.1 NOTE",
                "node2/cni0 NEIGHBOUR", "node2/cni0 TX", "node2/cni0 BRIDGE", "node2/veth-pod-b TX", "pod-b/eth0 RX",
                "pod-b/eth0 ROUTE", "pod-b/eth0 DELIVER");
        // The data packet's own hops (ARP exchanges are separate packets with their own ids).
        assertEquals(expected, hops, run.dump());

        TraceEvent route = first(run, id, EventKind.ROUTE, "node1/cni0");
        Decision.RouteMatch rm = (Decision.RouteMatch) route.decision();
        assertEquals("10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink", rm.text());
        assertEquals("10.244.2.0", rm.nextHop());
        assertEquals("flannel.1", rm.outDevice());

        TraceEvent fdb = first(run, id, EventKind.NOTE, "node1/flannel.1");
        Decision.FdbEntry fe = (Decision.FdbEntry) fdb.decision();
        assertEquals(Nets.N2_FLANNEL_MAC, fe.mac());
        assertEquals("172.18.0.3", fe.destination());
        assertEquals(Nets.N2_FLANNEL_MAC + " dev flannel.1 dst 172.18.0.3 self permanent", fe.text());

        TraceEvent encap = first(run, id, EventKind.ENCAP, "node1/flannel.1");
        Decision.Tunnel t = (Decision.Tunnel) encap.decision();
        assertEquals(new Decision.Tunnel("vxlan", 1, "172.18.0.2", "172.18.0.3", 8472, 50), t);
        Packet outer = encap.after();
        Ipv4Header oip = (Ipv4Header) outer.header(0);
        assertEquals(64, oip.ttl(), "vxlan ttl 0 = inherit the route hop limit (64)");
        assertFalse(oip.dontFragment(), "vxlan df unset by default");
        UdpHeader oudp = (UdpHeader) outer.header(1);
        assertEquals(8472, oudp.dstPort());
        assertFalse(oudp.checksummed(), "outer UDP checksum is 0");
        assertTrue(oudp.srcPort() >= 32768 && oudp.srcPort() < 61000, "source port in the local port range");
        assertEquals(new VxlanHeader(1), outer.header(2));
        EthernetHeader innerEth = (EthernetHeader) outer.header(3);
        assertEquals(Nets.mac(Nets.N2_FLANNEL_MAC), innerEth.dst());
        assertEquals(Nets.mac(Nets.N1_FLANNEL_MAC), innerEth.src());
        assertEquals(63, ((Ipv4Header) outer.header(4)).ttl(), "node1 decremented the inner TTL");

        // The frame on node1/eth0 is a full VXLAN frame that decodes back (tshark's view).
        TraceEvent tx = first(run, id, EventKind.TX, "node1/eth0");
        Packet wire = tx.packet();
        assertEquals(wire, Packet.decodeEthernet(wire.encode(), Set.of(8472)));
        assertEquals(14 + 20 + 8 + 8 + 14 + 20 + 8 + 100, wire.length());
        assertEquals(Nets.mac("02:42:ac:12:00:03"), ((EthernetHeader) wire.header(0)).dst());

        TraceEvent decap = first(run, id, EventKind.DECAP, "node2/flannel.1");
        assertEquals(new Decision.Tunnel("vxlan", 1, "172.18.0.2", "172.18.0.3", 8472, 50), decap.decision());
        assertTrue(decap.after().header(0) instanceof EthernetHeader);
    }

    @Test
    void sourcePortIsStablePerFlowAndVariesAcrossFlows() {
        Nets.Run run = new Nets.Run(Nets.flannel());
        run.udp("pod-a", null, "10.244.2.2", 5000, 8080, 10, true);
        run.udp("pod-a", null, "10.244.2.2", 5000, 8080, 10, true);
        run.udp("pod-a", null, "10.244.2.2", 5001, 8080, 10, true);
        run.engine.runUntilIdle();
        List<Integer> ports = run.events(EventKind.ENCAP).stream()
                .map(e -> ((UdpHeader) e.after().header(1)).srcPort()).toList();
        assertEquals(3, ports.size(), run.dump());
        assertEquals(ports.get(0), ports.get(1));
        assertTrue(!ports.get(0).equals(ports.get(2)));
        assertEquals(VxlanDevice.sourcePort(run.events(EventKind.ENCAP).get(0).before()), ports.get(0));
    }

    @Test
    void sameNodePodsTalkOverTheBridgeWithoutVxlan() {
        Nets.Run run = new Nets.Run(Nets.flannel());
        long id = run.udp("pod-a", null, "10.244.1.3", 1, 2, 10, true);
        run.engine.runUntilIdle();
        assertEquals(1, run.inbox.get("pod-a2").size(), run.dump());
        assertEquals(64, run.inbox.get("pod-a2").get(0).packet().first(Ipv4Header.class).ttl(), "bridged, not routed");
        assertTrue(run.events(EventKind.ENCAP).isEmpty());
        assertTrue(run.hops(id).contains("node1/cni0 BRIDGE"), run.dump());
    }

    @Test
    void missingFdbEntryDropsAtTheVxlanDevice() {
        Nets.Run run = new Nets.Run(Nets.flannel());
        ((VxlanDevice) run.ns("node1").device("flannel.1")).removeFdb(Nets.mac(Nets.N2_FLANNEL_MAC));
        long id = run.udp("pod-a", null, "10.244.2.2", 1, 2, 10, true);
        run.engine.runUntilIdle();
        TraceEvent d = first(run, id, EventKind.DROP, "node1/flannel.1");
        assertEquals(io.podnet.sim.trace.DropReason.NO_FDB_ENTRY, ((Decision.Drop) d.decision()).reason());
        assertTrue(run.inbox.get("pod-b").isEmpty());
    }

    static TraceEvent first(Nets.Run run, long id, EventKind kind, String location) {
        TraceEvent e = run.rec.events().stream().filter(x -> x.packetId() == id && x.kind() == kind
                && x.location().equals(location)).findFirst().orElse(null);
        assertNotNull(e, "no " + kind + " at " + location + " for #" + id + "\n" + run.dump());
        return e;
    }
}
