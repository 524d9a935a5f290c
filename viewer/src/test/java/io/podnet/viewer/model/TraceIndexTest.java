package io.podnet.viewer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.Packet;
import io.podnet.viewer.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceIndexTest {
    @Test
    void packetsAreVisibleFromTheirFirstEventUntilDelivered() {
        TraceIndex t = new TraceIndex(Fixtures.seed().trace());
        assertEquals(List.of(Fixtures.FLOW), t.flows());
        int[] syn = t.eventsOfPacket(1);
        int deliver = syn[syn.length - 1];
        assertEquals(EventKind.DELIVER, t.event(deliver).kind());
        assertEquals(1, t.visibleAt(0).size());
        assertEquals(1, t.visibleAt(deliver).get(0).packetId(), "visible at the step that delivers it");
        int reply = t.eventsOfPacket(2)[0];
        assertEquals(deliver + 1, reply);
        assertEquals(List.of(2L), t.visibleAt(reply).stream().map(TraceIndex.Visible::packetId).toList());
        assertEquals(syn[syn.length - 2], t.previousOfPacket(deliver));
    }

    @Test
    void framesAreComparedWithTheLastFrameNotWithAnL3View() {
        Packet frame = HeaderStackTest.FRAME;
        Packet l3 = frame.from(1);
        Packet l3nat = l3.with(0, HeaderStackTest.IP.withDst(io.podnet.sim.net.Ipv4Address.parse("10.244.2.8")));
        Packet natFrame = frame.with(1, l3nat.header(0));
        List<TraceEvent> ev = List.of(
                new TraceEvent(0, 0, 1, "f", "node1", "veth1", EventKind.RX, "rx", frame, null, null),
                new TraceEvent(1, 0, 1, "f", "node1", "netfilter", EventKind.NETFILTER, "dnat", l3, l3nat, null),
                new TraceEvent(2, 0, 1, "f", "node1", "cni0", EventKind.RX, "up", natFrame, null, null));
        TraceIndex t = new TraceIndex(ev);
        assertSame(l3, t.baseline(1), "an event with before and after is compared with its before");
        assertSame(frame, t.baseline(2), "the last frame, not the L3 view in between");
        HeaderStack hs = HeaderStack.of(natFrame, t.baseline(2));
        assertTrue(hs.layer("IPv4").field("dst").changed());
        assertTrue(!hs.layer("Ethernet").added(), "Ethernet is not new");
        assertEquals(null, t.baseline(0));
    }

    @Test
    void trafficStepsLeaveOutArpChainJumpsAndFoldTheNatIntoItsRule() throws Exception {
        List<TraceEvent> ev = new io.podnet.viewer.load.RunnerLoader()
                .load(java.nio.file.Path.of("../scenarios/examples/frontend-to-backend.yaml")).trace();
        TraceIndex t = new TraceIndex(ev);
        int[] steps = t.steps(false);
        assertEquals(ev.size(), t.steps(true).length);
        assertTrue(steps.length < ev.size());
        for (int s : steps) {
            TraceEvent e = t.event(s);
            assertTrue(e.flow() != null || e.kind() == EventKind.DROP, e.explanation());
            assertTrue(e.kind() != EventKind.NEIGHBOUR && e.kind() != EventKind.NOTE && e.kind() != EventKind.LINK,
                    e.explanation());
        }
        // The SYN: sent, routed, leaves the pod, enters the host, DNAT (rule + rewrite in one step),
        // passes up from cni0, routed to flannel.1.
        List<EventKind> first = java.util.Arrays.stream(steps).limit(7).mapToObj(s -> t.event(s).kind()).toList();
        assertEquals(List.of(EventKind.SEND, EventKind.ROUTE, EventKind.TX, EventKind.RX, EventKind.NETFILTER,
                EventKind.RX, EventKind.ROUTE), first);
        TraceEvent dnat = t.event(steps[4]);
        assertTrue(dnat.decision() instanceof io.podnet.sim.trace.Decision.RuleHit r && r.verdict().equals("DNAT"));
        TraceEvent rewrite = t.event(t.headerEvent(steps[4]));
        assertTrue(rewrite.decision() instanceof io.podnet.sim.trace.Decision.Nat);
        assertTrue(t.event(steps[6]).explanation().contains("dev flannel.1"), t.event(steps[6]).explanation());
        assertEquals(steps[6], t.headerEvent(steps[6]));
    }
}
