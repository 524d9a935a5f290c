package io.podnet.sim.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.device.GeneveDevice;
import io.podnet.sim.device.VxlanDevice;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MTU truth for every tunnel (underlay 1500, 1472-byte UDP payload = a 1500-byte pod packet): the
 * VXLAN rows of DATAPLANE-FACTS.md, and what the kernel's tunnel code does for the others.
 */
class TunnelMtuTest {
    private static List<TraceEvent> drops(Nets.Run run, long id) {
        return run.rec.events().stream().filter(e -> e.packetId() == id && e.kind() == EventKind.DROP).toList();
    }

    private static long fragments(Nets.Run run, String location) {
        return run.rec.events().stream().filter(e -> e.kind() == EventKind.FRAGMENT && e.location().equals(location)
                && e.explanation().contains("does not fit")).count();
    }

    @Test
    void vxlanForcedTo1500WithDfSetIsABlackHole() {
        for (boolean innerDf : new boolean[] {true, false}) {
            Nets.Run run = new Nets.Run(Nets.flannel(1500, 1500));
            ((VxlanDevice) run.ns("node1").device("flannel.1")).setDontFragment(true);
            long id = run.udp("pod-a", null, "10.244.2.2", 1, 2, 1472, innerDf);
            run.engine.runUntilIdle();
            assertTrue(run.inbox.get("pod-b").isEmpty(), run.dump());
            assertTrue(run.inbox.get("pod-a").isEmpty(), "the pod is never told (inner DF " + innerDf + ")");
            assertTrue(run.events(EventKind.ICMP_ERROR).isEmpty(), run.dump());
            TraceEvent drop = drops(run, id).get(0);
            assertEquals("node1/eth0", drop.location());
            assertEquals(DropReason.MTU_EXCEEDED, ((Decision.Drop) drop.decision()).reason());
            assertTrue(drop.explanation().startsWith("the 1550-byte VXLAN packet has DF set"), drop.explanation());
            assertTrue(drop.explanation().contains("10.244.1.2, is never told: a black hole"), drop.explanation());
        }
    }

    @Test
    void vxlanBelowThePodMtuWithDfSetAnswersFragNeededFromTheNode() {
        // Row 1 of the table with df set on the device changes nothing: the inner packet is refused first.
        Nets.Run run = new Nets.Run(Nets.flannel(1500, 1450));
        ((VxlanDevice) run.ns("node1").device("flannel.1")).setDontFragment(true);
        run.udp("pod-a", null, "10.244.2.2", 1, 2, 1472, true);
        run.engine.runUntilIdle();
        assertEquals(IcmpHeader.fragmentationNeeded(1450), run.inbox.get("pod-a").get(0).packet().first(IcmpHeader.class));
        run.udp("pod-a", null, "10.244.2.2", 1, 2, 1422, true);
        run.engine.runUntilIdle();
        assertEquals(1, run.inbox.get("pod-b").size(), "1450 bytes fit exactly: 1500 on the wire with DF");
    }

    @Test
    void geneveFollowsTheVxlanTable() {
        // pod MTU 1500, gnv0 1450 (options none): DF -> frag needed 1450; no DF -> inner fragments
        Nets.Run run = new Nets.Run(Tunnels.of(Tunnels.Kind.GENEVE, 1500, 1450, 0));
        run.udp("pod-a", null, "10.244.2.2", 1, 2, 1472, true);
        run.udp("pod-a", null, "10.244.2.2", 1, 2, 1472, false);
        run.engine.runUntilIdle();
        assertEquals(IcmpHeader.fragmentationNeeded(1450), run.inbox.get("pod-a").get(0).packet().first(IcmpHeader.class));
        assertEquals(1, run.inbox.get("pod-b").size(), run.dump());
        assertEquals(2, fragments(run, "node1/gnv0"), "the node fragments the inner packet");
        // gnv0 forced to 1500: df unset -> the outer packet is fragmented; df set -> black hole
        Nets.Run big = new Nets.Run(Tunnels.of(Tunnels.Kind.GENEVE, 1500, 1500, 8));
        big.udp("pod-a", null, "10.244.2.2", 1, 2, 1472, true);
        big.engine.runUntilIdle();
        assertEquals(1, big.inbox.get("pod-b").size(), big.dump());
        assertEquals(2, fragments(big, "node1/eth0"), "the 1558-byte outer packet is fragmented");
        Nets.Run hole = new Nets.Run(Tunnels.of(Tunnels.Kind.GENEVE, 1500, 1500, 8));
        ((GeneveDevice) hole.ns("node1").device("gnv0")).setDontFragment(true);
        long id = hole.udp("pod-a", null, "10.244.2.2", 1, 2, 1472, true);
        hole.engine.runUntilIdle();
        assertTrue(hole.inbox.get("pod-b").isEmpty() && hole.inbox.get("pod-a").isEmpty(), hole.dump());
        assertTrue(drops(hole, id).get(0).explanation().startsWith("the 1558-byte GENEVE packet has DF set"));
    }

    @Test
    void ipipAnswersForTheUnderlayWhenItsMtuIsTooLarge() {
        // Calico's normal setup: tunl0 and the pods at 1480
        Nets.Run ok = new Nets.Run(Tunnels.of(Tunnels.Kind.IPIP, 1480, 1480, 0));
        ok.udp("pod-a", null, "10.244.2.2", 1, 2, 1452, true);
        ok.engine.runUntilIdle();
        assertEquals(1, ok.inbox.get("pod-b").size(), ok.dump());
        // pod MTU 1500, tunl0 1480: the node refuses the DF packet on the forwarding path
        Nets.Run small = new Nets.Run(Tunnels.of(Tunnels.Kind.IPIP, 1500, 1480, 0));
        small.udp("pod-a", null, "10.244.2.2", 1, 2, 1472, true);
        small.udp("pod-a", null, "10.244.2.2", 1, 2, 1472, false);
        small.engine.runUntilIdle();
        assertEquals(IcmpHeader.fragmentationNeeded(1480), small.inbox.get("pod-a").get(0).packet().first(IcmpHeader.class));
        assertEquals(1, small.inbox.get("pod-b").size());
        assertEquals(2, fragments(small, "node1/tunl0"), "without DF the node fragments the inner packet");
        // tunl0 forced to 1500: not a black hole — tunl0 itself answers with mtu 1480 (tnl_update_pmtu)
        Nets.Run big = new Nets.Run(Tunnels.of(Tunnels.Kind.IPIP, 1500, 1500, 0));
        long id = big.udp("pod-a", null, "10.244.2.2", 1, 2, 1472, true);
        big.udp("pod-a", null, "10.244.2.2", 1, 2, 1472, false);
        big.engine.runUntilIdle();
        TraceEvent drop = drops(big, id).get(0);
        assertEquals("node1/tunl0", drop.location());
        Packet err = big.inbox.get("pod-a").get(0).packet();
        assertEquals(IcmpHeader.fragmentationNeeded(1480), err.first(IcmpHeader.class));
        assertEquals(Nets.ip("10.244.1.1"), err.first(Ipv4Header.class).src());
        assertEquals(1, big.inbox.get("pod-b").size(), "the packet without DF goes through, its outer packet fragmented");
        assertEquals(2, fragments(big, "node1/eth0"));
    }

    @Test
    void wireguardNeverSetsDfOutside() {
        // pod MTU 1500, wg0 1420: DF -> frag needed 1420 from the node
        Nets.Run run = new Nets.Run(Tunnels.of(Tunnels.Kind.WIREGUARD, 1500, 1420, 0));
        run.udp("pod-a", null, "10.244.2.2", 1, 2, 1472, true);
        run.engine.runUntilIdle();
        assertEquals(IcmpHeader.fragmentationNeeded(1420), run.inbox.get("pod-a").get(0).packet().first(IcmpHeader.class));
        // wg0 forced to 1500: the outer packet (1500 + 60) is fragmented, DF or not
        Nets.Run big = new Nets.Run(Tunnels.of(Tunnels.Kind.WIREGUARD, 1500, 1500, 0));
        big.udp("pod-a", null, "10.244.2.2", 1, 2, 1472, true);
        big.engine.runUntilIdle();
        assertEquals(1, big.inbox.get("pod-b").size(), big.dump());
        assertEquals(2, fragments(big, "node1/eth0"));
        assertFalse(big.rec.events().stream().anyMatch(e -> e.kind() == EventKind.DROP), big.dump());
    }
}
