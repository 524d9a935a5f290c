package io.podnet.sim.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The MTU-with-VXLAN table of DATAPLANE-FACTS.md (underlay 1500, 1472-byte payload). */
class VxlanMtuTest {
    @Test
    void podMtu1500WithDfGetsFragNeeded1450FromTheNode() {
        Nets.Run run = new Nets.Run(Nets.flannel(1500, 1450));
        run.udp("pod-a", null, "10.244.2.2", 1, 2, 1472, true);
        run.engine.runUntilIdle();
        assertTrue(run.inbox.get("pod-b").isEmpty());
        Packet err = run.inbox.get("pod-a").get(0).packet();
        assertEquals(IcmpHeader.fragmentationNeeded(1450), err.first(IcmpHeader.class));
        assertEquals(Nets.ip("10.244.1.1"), err.first(Ipv4Header.class).src(), "sent by node1 from cni0's address");
    }

    @Test
    void podMtu1500WithoutDfTheNodeFragmentsTheInnerPacket() {
        Nets.Run run = new Nets.Run(Nets.flannel(1500, 1450));
        run.udp("pod-a", null, "10.244.2.2", 1, 2, 1472, false);
        run.engine.runUntilIdle();
        assertEquals(1, run.inbox.get("pod-b").size(), run.dump());
        assertEquals(1472, run.inbox.get("pod-b").get(0).packet().payloadLength());
        List<TraceEvent> frags = run.rec.events().stream().filter(e -> e.kind() == EventKind.FRAGMENT
                && e.location().equals("node1/flannel.1")).toList();
        assertEquals(2, frags.size(), "inner fragments before encapsulation");
        assertEquals(2, run.events(EventKind.ENCAP).size(), "each inner fragment is encapsulated");
    }

    @Test
    void flannelMtu1500TheOuterPacketIsFragmentedAndReassembledAtTheVtep() {
        Nets.Run run = new Nets.Run(Nets.flannel(1500, 1500));
        long id = run.udp("pod-a", null, "10.244.2.2", 1, 2, 1472, true);
        run.engine.runUntilIdle();
        assertEquals(1, run.inbox.get("pod-b").size(), run.dump());
        assertEquals(id, run.inbox.get("pod-b").get(0).id(), "the reassembled packet keeps its id");
        List<TraceEvent> frags = run.rec.events().stream().filter(e -> e.kind() == EventKind.FRAGMENT
                && e.location().equals("node1/eth0")).toList();
        assertEquals(2, frags.size(), run.dump());
        Packet first = frags.get(0).after();
        assertEquals(1, first.headers().size(), "an IPv4 header + raw bytes, as the decoder reads fragments");
        byte[] raw = first.payload();
        assertEquals(8472, (raw[2] & 0xff) << 8 | (raw[3] & 0xff), "the raw bytes start with the outer UDP header");
        assertEquals(0x08, raw[8] & 0xff, "then the VXLAN flags (I bit)");
        assertFalse(first.first(Ipv4Header.class).dontFragment());
        assertTrue(run.rec.events().stream().anyMatch(e -> e.kind() == EventKind.FRAGMENT
                && e.location().equals("node2/eth0") && e.explanation().contains("reassembles")));
        assertEquals(62, run.inbox.get("pod-b").get(0).packet().first(Ipv4Header.class).ttl());
    }
}
