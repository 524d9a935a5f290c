package io.podnet.sim.trace.render;

import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.trace.TraceListener;
import io.podnet.sim.wire.GeneveHeader;
import io.podnet.sim.wire.Header;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.VxlanHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Renders trace events as text for a terminal, one line per event:
 * <pre>
 *       12.345us  node1/flannel.1          ENCAP      wrapped in VXLAN for node2
 * </pre>
 * time (microseconds, nanosecond precision), {@code namespace/device}, kind and the explanation.
 * In verbose mode each event gets indented detail lines: the decision (route, rule, NAT, FDB entry,
 * tunnel parameters, drop reason...) and the packet's headers (each {@link Header#summary()}, the
 * inner frame of a tunnel on a line of its own), or the headers before and after when the step
 * changed the packet.
 *
 * <p>Output depends only on the events (no clock, no locale, {@code \n} line ends).
 */
public final class TextTraceRenderer implements TraceListener {
    /** Width of the {@code namespace/device} column; longer locations push the rest right. */
    public static final int LOCATION_WIDTH = 24;
    private static final int KIND_WIDTH = 10;
    private static final String INDENT = " ".repeat(14 + 2);

    private final Appendable out;
    private final boolean verbose;

    /**
     * @param out     where lines go (a {@code StringBuilder}, a {@code PrintStream}, a {@code Writer})
     * @param verbose add the decision and header lines under each event
     */
    public TextTraceRenderer(Appendable out, boolean verbose) {
        if (out == null) {
            throw new IllegalArgumentException("TextTraceRenderer needs somewhere to write");
        }
        this.out = out;
        this.verbose = verbose;
    }

    /** All events as one text. */
    public static String render(List<TraceEvent> events, boolean verbose) {
        StringBuilder sb = new StringBuilder();
        TextTraceRenderer r = new TextTraceRenderer(sb, verbose);
        for (TraceEvent e : events) {
            r.onEvent(e);
        }
        return sb.toString();
    }

    @Override
    public void onEvent(TraceEvent e) {
        try {
            out.append(format(e, verbose));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the text trace", ex);
        }
    }

    /** The line (and in verbose mode the detail lines) for one event, each ending in {@code \n}. */
    public static String format(TraceEvent e, boolean verbose) {
        StringBuilder sb = new StringBuilder();
        sb.append(time(e.time())).append("  ");
        pad(sb, e.location() == null ? "-" : e.location(), LOCATION_WIDTH);
        sb.append(' ');
        pad(sb, e.kind().name(), KIND_WIDTH);
        sb.append(' ').append(e.explanation().replace('\n', ' '));
        if (e.flow() != null && verbose) {
            sb.append("  [").append(e.flow()).append(']');
        }
        trimEnd(sb);
        sb.append('\n');
        if (verbose) {
            String decision = DecisionText.of(e.decision());
            if (decision != null) {
                sb.append(INDENT).append(decision).append('\n');
            }
            if (e.cpu() != null) {
                sb.append(INDENT).append(cpuText(e.cpu())).append('\n');
            }
            Packet p = e.packet();
            if (p != null) {
                if (e.after() != null && !e.after().equals(e.before()) && e.before() != null) {
                    packetLines(sb, "before: ", e.before());
                    packetLines(sb, "after:  ", p);
                } else {
                    packetLines(sb, "packet: ", p);
                }
            }
        }
        return sb.toString();
    }

    /**
     * "cpu: node1 cpu1 1.260us (waited 0.300us): route-lookup 60ns, veth-xmit 350ns, ..." — the
     * CPU the step ran on and what it charged (verbose mode only).
     */
    public static String cpuText(io.podnet.sim.cost.CpuCost c) {
        StringBuilder sb = new StringBuilder("cpu: ").append(c.node()).append(" cpu").append(c.cpu()).append(' ')
                .append(io.podnet.sim.engine.Durations.format(c.nanos()));
        if (c.waitNanos() > 0) {
            sb.append(" (waited ").append(io.podnet.sim.engine.Durations.format(c.waitNanos())).append(')');
        }
        sb.append(':');
        String sep = " ";
        for (io.podnet.sim.cost.StepCharge s : c.charges()) {
            sb.append(sep).append(s.step().key());
            if (s.count() != 1) {
                sb.append(" x").append(s.count());
            }
            sb.append(' ').append(s.nanos()).append("ns");
            sep = ", ";
        }
        return sb.toString();
    }

    /**
     * The packet's headers on one line, except that an encapsulated packet is split after each
     * tunnel header (VXLAN, GENEVE, or an outer IPv4 carrying IPIP), the inner frame on its own line.
     * A WireGuard packet's inner packet is encrypted on the wire and shows as its payload bytes.
     */
    private static void packetLines(StringBuilder sb, String label, Packet p) {
        List<Header> hs = p.headers();
        sb.append(INDENT).append(label);
        for (int i = 0; i < hs.size(); i++) {
            Header h = hs.get(i);
            sb.append(h.summary());
            boolean tunnel = h instanceof VxlanHeader || h instanceof GeneveHeader
                    || h instanceof Ipv4Header ip && ip.protocol() == Ipv4Header.PROTO_IPIP && i + 1 < hs.size();
            if (tunnel && i + 1 < hs.size()) {
                sb.append('\n').append(INDENT).append(" ".repeat(label.length() - 7)).append("inner: ");
            } else if (i + 1 < hs.size()) {
                sb.append(" | ");
            }
        }
        if (p.payloadLength() > 0) {
            sb.append(" | ").append(p.payloadLength()).append(" bytes");
        }
        sb.append('\n');
    }

    /** {@code 12.345us} right-aligned in 14 characters. */
    static String time(long ns) {
        String t = DecisionText.micros(ns);
        return t.length() >= 14 ? t : " ".repeat(14 - t.length()) + t;
    }

    private static void pad(StringBuilder sb, String s, int width) {
        sb.append(s);
        for (int i = s.length(); i < width; i++) {
            sb.append(' ');
        }
    }

    private static void trimEnd(StringBuilder sb) {
        int n = sb.length();
        while (n > 0 && sb.charAt(n - 1) == ' ') {
            n--;
        }
        sb.setLength(n);
    }
}
