package io.podnet.viewer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-hop in/out view, the event filter and the device tables on the seed scenario. What a hop
 * must change comes from the kernel and the RFCs, not from podnet's output: forwarding decrements
 * the TTL (RFC 1812 section 5.3.1) and rewrites the Ethernet addresses (the next hop's MAC), the
 * DNAT rule rewrites the destination to the endpoint (kube-proxy's KUBE-SEP rule), and Flannel's
 * VXLAN device wraps the frame in outer Ethernet, IPv4, UDP and VXLAN headers (RFC 7348 section 5)
 * while the inner frame's own headers stay as routed.
 */
class HopDiffTest {
    static ViewModel seed;
    static TraceIndex trace;

    @BeforeAll
    static void load() throws Exception {
        seed = new io.podnet.viewer.load.RunnerLoader().load(Path.of("../scenarios/examples/frontend-to-backend.yaml"));
        trace = new TraceIndex(seed.trace());
    }

    private static int firstEvent(java.util.function.Predicate<TraceEvent> p) {
        for (int i = 0; i < trace.size(); i++) {
            if (p.test(trace.event(i))) {
                return i;
            }
        }
        throw new AssertionError("no such event");
    }

    @Test
    void node1ReadsThePodsFrameAndWritesItInsideVxlan() {
        int route = firstEvent(e -> e.kind() == EventKind.ROUTE && "node1".equals(e.namespace()) && e.packetId() == 1);
        HopDiff h = HopDiff.at(trace, route);
        assertNotNull(h);
        assertEquals("node1", h.namespace());
        assertTrue(h.inPort().startsWith("veth"), h.inPort());
        assertEquals("eth0", h.outPort());
        for (String outer : List.of("Ethernet (outer)", "IPv4 (outer)", "UDP (outer)", "VXLAN")) {
            assertEquals("added", h.row(outer).change(), outer + " " + h.rows());
        }
        HopDiff.Row ip = h.row("IPv4 (inner)");
        assertTrue(ip.change().contains("dst 10.96.0.10 → 10.244.2.8"), ip.change());
        assertTrue(ip.change().contains("TTL 64 → 63"), ip.change());
        assertTrue(h.row("Ethernet (inner)").change().contains("dst"), h.row("Ethernet (inner)").change());
        // The Service port becomes the target port (DNAT to 10.244.2.8:8080); the source port stays.
        HopDiff.Row tcp = h.row("TCP (inner)");
        assertTrue(tcp.change().equals("dst port 80 → 8080"), tcp.change());
    }

    @Test
    void aPodCreatesItsPacket() {
        HopDiff h = HopDiff.at(trace, firstEvent(e -> e.kind() == EventKind.SEND));
        assertEquals("(created here)", h.inPort());
        assertTrue(h.rows().stream().allMatch(r -> r.change().equals("built here")), h.rows().toString());
    }

    @Test
    void theFilterKeepsOnlyMatchingStepsAndAddsArpWhenAsked() {
        Topology topo = Topology.of(seed.network());
        int[] base = trace.steps(false);
        int[] node2 = new EventFilter(null, "node2", null, null, false).apply(trace, base, topo);
        assertTrue(node2.length > 0 && node2.length < base.length);
        for (int s : node2) {
            assertEquals("node2", topo.hostOf(trace.event(s).namespace()));
        }
        int[] vxlan = new EventFilter(null, null, null, "VXLAN", false).apply(trace, base, topo);
        assertTrue(vxlan.length > 0);
        for (int s : vxlan) {
            assertTrue(EventFilter.protocols(trace.event(s).packet()).contains("VXLAN"));
        }
        int[] arp = new EventFilter(null, null, null, null, true).apply(trace, base, topo);
        long arpSteps = java.util.Arrays.stream(arp).filter(s -> EventFilter.isArp(trace.event(s))).count();
        assertTrue(arpSteps > 0, "ARP appears as steps");
        assertEquals(base.length + arpSteps, arp.length);
        // The first step after the SYN left the pod that is not ARP comes after the ARP exchange that made it wait.
        int[] onlyArp = new EventFilter(null, null, null, "ARP", true).apply(trace, base, topo);
        assertEquals(arpSteps, onlyArp.length);
        int[] drops = new EventFilter(null, null, EventKind.DELIVER, null, false).apply(trace, base, topo);
        for (int s : drops) {
            assertEquals(EventKind.DELIVER, trace.event(s).kind());
        }
    }

    @Test
    void deviceTablesCountWhatTheDeviceReceivedAndSent() {
        int deliver = firstEvent(e -> e.kind() == EventKind.DELIVER);
        DeviceTables t = DeviceTables.of(seed.network(), seed.trace(), deliver, "node1", "eth0");
        assertTrue(t.section("ip -s link").lines().get(0).startsWith("eth0 "), t.section("ip -s link").lines().toString());
        TablesAt.Counters c = DeviceTables.counters(seed.trace(), deliver, "node1").get("eth0");
        long tx = 0;
        long txBytes = 0;
        for (int i = 0; i <= deliver; i++) {
            TraceEvent e = trace.event(i);
            if (e.kind() == EventKind.TX && "node1".equals(e.namespace()) && "eth0".equals(e.device())) {
                tx++;
                txBytes += e.packet().length();
            }
        }
        assertTrue(tx > 0);
        assertEquals(tx, c.txPackets());
        assertEquals(txBytes, c.txBytes());
        assertTrue(!t.section("ip route").lines().isEmpty());
        assertTrue(t.section("bridge fdb").lines().stream().anyMatch(l -> l.contains("flannel.1")),
                "Flannel's VXLAN FDB entry for node2: " + t.section("bridge fdb").lines());
        assertTrue(!t.section("conntrack -L").lines().isEmpty(), "the SYN's conntrack entry");
    }
}
