package io.podnet.viewer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The control plane read from the trace. Expectations: a full mesh of n speakers has n(n-1)/2
 * sessions (Calico's node-to-node mesh; 3 for 3 nodes); a session is established only after the
 * OPEN exchange (RFC 4271 section 8.2.2: OpenConfirm, then Established on KEEPALIVE); the first
 * message on a new BGP connection is an OPEN (section 4.2); an UPDATE with withdrawn routes and no
 * path attributes only withdraws (section 4.3); a session that drops out of Established (hold
 * timer expired, section 6.5) is failed.
 */
class ControlPlaneTest {
    static final Ipv4Address A = Ipv4Address.parse("172.18.0.2");
    static final Ipv4Address B = Ipv4Address.parse("172.18.0.3");

    @Test
    void calicoBgpFullMeshComesUpAndNode3Fails() throws Exception {
        ViewModel m = new io.podnet.viewer.load.RunnerLoader().load(Path.of("../scenarios/examples/calico-bgp.yaml"));
        Topology topo = Topology.of(m.network());
        ControlPlane cp = ControlPlane.of(m.trace(), topo);
        List<ControlPlane.Session> start = cp.sessionsAt(5);
        assertEquals(3, start.size(), start.toString());
        assertTrue(start.stream().noneMatch(s -> s.state() == ControlPlane.State.ESTABLISHED), start.toString());
        int firstRoute = -1;
        int firstOpen = -1;
        for (int i = 0; i < m.trace().size(); i++) {
            TraceEvent e = m.trace().get(i);
            if (firstRoute < 0 && "bird".equals(e.device()) && e.kind() == EventKind.ROUTE) {
                firstRoute = i;
            }
            if (firstOpen < 0 && ControlPlane.bgpMessage(e.packet()) != null) {
                firstOpen = i;
                assertEquals("OPEN", ControlPlane.bgpMessage(e.packet()), e.explanation());
            }
        }
        assertTrue(firstOpen > 0);
        // BIRD installs a route only over an established session.
        assertTrue(cp.sessionsAt(firstRoute).stream().anyMatch(s -> s.state() == ControlPlane.State.ESTABLISHED));
        int end = m.trace().size() - 1;
        List<ControlPlane.Session> last = cp.sessionsAt(end);
        assertEquals(List.of("node1 node2", "node1 node3", "node2 node3"),
                last.stream().map(s -> s.a() + " " + s.b()).toList());
        assertEquals(java.util.Set.of("node3"), cp.failedAt(end));
        assertTrue(cp.failedAt(firstRoute).isEmpty());
    }

    private static TraceEvent note(int seq, String ns, String text) {
        return new TraceEvent(seq, seq * 1000L, -1, null, ns, "bird", EventKind.NOTE, text, null, null, null);
    }

    @Test
    void aSessionLeavingEstablishedIsFailed() {
        List<TraceEvent> t = List.of(
                note(0, "n1", "BGP n1 <-> 10.0.0.2: IDLE -> CONNECT: connect"),
                note(1, "n1", "BGP n1 <-> 10.0.0.2: OPEN_SENT -> OPEN_CONFIRM: OPEN received"),
                note(2, "n1", "BGP n1 <-> 10.0.0.2: OPEN_CONFIRM -> ESTABLISHED: Established"),
                note(3, "n1", "BGP n1 <-> 10.0.0.2: ESTABLISHED -> IDLE: hold timer expired"));
        ControlPlane cp = ControlPlane.of(t, null);
        assertEquals(ControlPlane.State.CONNECTING, cp.sessionsAt(0).get(0).state());
        assertEquals(ControlPlane.State.OPENING, cp.sessionsAt(1).get(0).state());
        assertEquals(ControlPlane.State.ESTABLISHED, cp.sessionsAt(2).get(0).state());
        assertEquals(ControlPlane.State.FAILED, cp.sessionsAt(3).get(0).state());
        assertTrue(cp.sessionsAt(3).get(0).detail().contains("hold timer expired"));
    }

    private static Packet bgp(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return Packet.of(b, Ipv4Header.of(A, B, Ipv4Header.PROTO_TCP, 1, 1),
                TcpHeader.of(179, 40000, 1, 1, TcpHeader.ACK | TcpHeader.PSH, 64240));
    }

    private static int[] marker(int length, int type, int... body) {
        int[] out = new int[19 + body.length];
        for (int i = 0; i < 16; i++) {
            out[i] = 0xff;
        }
        out[16] = length >> 8;
        out[17] = length & 0xff;
        out[18] = type;
        System.arraycopy(body, 0, out, 19, body.length);
        return out;
    }

    @Test
    void messagesAreNamedFromTheirHeader() {
        assertEquals("KEEPALIVE", ControlPlane.bgpMessage(bgp(marker(19, 4))));
        // Withdrawn routes length 5: 192.168.0.128/26 (prefix length, then 4 bytes); no path attributes.
        assertEquals("WITHDRAW", ControlPlane.bgpMessage(bgp(marker(28, 2, 0, 5, 26, 192, 168, 0, 128, 0, 0))));
        // No withdrawn routes, path attributes (ORIGIN IGP) and NLRI 192.168.0.128/26.
        assertEquals("UPDATE", ControlPlane.bgpMessage(bgp(marker(32, 2, 0, 0, 0, 4, 0x40, 1, 1, 0, 26, 192, 168, 0, 128))));
        assertEquals("NOTIFICATION", ControlPlane.bgpMessage(bgp(marker(21, 3, 4, 0))));
        int[] bad = marker(19, 4);
        bad[3] = 0;
        assertNull(ControlPlane.bgpMessage(bgp(bad)), "no marker, no BGP");
    }
}
