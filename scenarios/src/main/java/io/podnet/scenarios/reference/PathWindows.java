package io.podnet.scenarios.reference;

import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a measured interval lies in a simulated trace, as the kernel's tools measure it at the
 * client's socket: one request/response on an established connection (sockperf ping-pong, netperf
 * TCP_RR: from the send call of the client's first data segment to the response's delivery to the
 * reader), and a new connection ({@code connect()}: from the call that sends the SYN to the SYN-ACK
 * delivered). Times include the client's own CPU work for the send, as the kernel's tools do.
 *
 * @param startNanos trace time the interval starts
 * @param endNanos   trace time it ends
 */
public record PathWindows(long startNanos, long endNanos) {
    public long nanos() {
        return endNanos - startNanos;
    }

    /** The request/response window of {@code flow} at namespace {@code client}, or null. */
    public static PathWindows roundTrip(List<TraceEvent> trace, String flow, String client) {
        long t0 = -1;
        for (TraceEvent e : trace) {
            if (!flow.equals(e.flow()) || !client.equals(e.namespace())) {
                continue;
            }
            if (t0 < 0 && e.kind() == EventKind.SEND && hasData(e.packet())) {
                t0 = started(e);
            } else if (t0 >= 0 && e.kind() == EventKind.DELIVER && hasData(e.packet())) {
                return new PathWindows(t0, e.time());
            }
        }
        return null;
    }

    /** The connect() window of {@code flow} at namespace {@code client}, or null. */
    public static PathWindows connect(List<TraceEvent> trace, String flow, String client) {
        long t0 = -1;
        for (TraceEvent e : trace) {
            if (!flow.equals(e.flow()) || !client.equals(e.namespace())) {
                continue;
            }
            TcpHeader tcp = e.packet() == null ? null : e.packet().last(TcpHeader.class);
            if (tcp == null) {
                continue;
            }
            if (t0 < 0 && e.kind() == EventKind.SEND && tcp.has(TcpHeader.SYN) && !tcp.has(TcpHeader.ACK)) {
                t0 = started(e);
            } else if (t0 >= 0 && e.kind() == EventKind.DELIVER && tcp.has(TcpHeader.SYN) && tcp.has(TcpHeader.ACK)) {
                return new PathWindows(t0, e.time());
            }
        }
        return null;
    }

    /** The round trips of every repetition {@code flow#i} (or {@code flow}) at {@code client}, in order. */
    public static List<PathWindows> roundTrips(List<TraceEvent> trace, String flow, String client, int count) {
        List<PathWindows> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PathWindows w = roundTrip(trace, count == 1 ? flow : flow + "#" + i, client);
            if (w != null) {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * When the application's call began: a SEND event is stamped once its CPU work (the syscall, the
     * copy, TCP) is done, so the call started that work (and any wait for the CPU) earlier. A
     * DELIVER is stamped after the receive work, when the reader has the bytes: the window's end.
     */
    static long started(TraceEvent e) {
        return e.cpu() == null ? e.time() : e.time() - e.cpu().nanos() - e.cpu().waitNanos();
    }

    private static boolean hasData(Packet p) {
        return p != null && p.last(TcpHeader.class) != null && p.payloadLength() > 0;
    }
}
