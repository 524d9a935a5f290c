package io.podnet.viewer.model;

import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.ArpPacket;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.Header;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * A hop "in / out" by layer, as Packet Tracer's simulation mode shows a device: what the device
 * read (the packet as it arrived), what it wrote (the packet as it left) and, layer by layer, what
 * it changed. A hop is the run of one packet's consecutive events in one namespace (a pod, or a
 * node's kernel with its bridge, netfilter, routing, tunnel devices and NICs) around an event; its
 * first event gives what was read (the packet before the event when the event recorded one), its
 * last what was written. Layers are paired from the innermost end (as {@link HeaderStack} does), so
 * an encapsulation shows new outer layers around unchanged inner ones.
 */
public record HopDiff(String namespace, int firstEvent, int lastEvent, String inPort, String outPort, String outcome,
        List<Row> rows) {
    /** One layer: its OSI layer, header name, what was read and written, and the change. */
    public record Row(String osi, String header, String in, String out, String change) {}

    public HopDiff {
        rows = List.copyOf(rows);
    }

    /** The row of the header named {@code title} (e.g. "IPv4", "VXLAN", "IPv4 (outer)"), or null. */
    public Row row(String title) {
        for (Row r : rows) {
            if (r.header().equals(title)) {
                return r;
            }
        }
        return null;
    }

    /** The hop around event {@code i}, or null when the event has no packet. */
    public static HopDiff at(TraceIndex trace, int i) {
        if (i < 0 || i >= trace.size()) {
            return null;
        }
        TraceEvent e = trace.event(i);
        if (e.packetId() < 0 || e.namespace() == null) {
            return null;
        }
        int first = i;
        for (int k = trace.previousOfPacket(i); k >= 0 && e.namespace().equals(trace.event(k).namespace());
                k = trace.previousOfPacket(k)) {
            first = k;
        }
        int last = i;
        for (int k = trace.nextOfPacket(i); k >= 0 && e.namespace().equals(trace.event(k).namespace());
                k = trace.nextOfPacket(k)) {
            last = k;
        }
        TraceEvent fe = trace.event(first);
        TraceEvent le = trace.event(last);
        Packet in = fe.before() != null ? fe.before() : fe.packet();
        if (fe.kind() == EventKind.SEND) {
            in = null;
        }
        // Prefer whole frames: the netfilter events of a hop carry only the L3 view.
        Packet out = le.after() != null ? le.after() : le.packet();
        for (int k = last; k >= first && out != null && in != null && depth(out) < depth(in); k = trace.previousOfPacket(k)) {
            Packet q = trace.event(k).packet();
            if (q != null && depth(q) >= depth(in)) {
                out = q;
            }
        }
        String inPort = fe.kind() == EventKind.SEND ? "(created here)" : fe.device() == null ? "-" : fe.device();
        String outPort = le.kind() == EventKind.DELIVER ? "(delivered to the socket)"
                : le.kind() == EventKind.DROP ? "(dropped)" : le.device() == null ? "-" : le.device();
        return new HopDiff(e.namespace(), first, last, inPort, outPort, le.kind().name() + ": " + le.explanation(),
                rows(in, out));
    }

    private static int depth(Packet p) {
        return p.headers().size();
    }

    static List<Row> rows(Packet in, Packet out) {
        List<Row> rows = new ArrayList<>();
        if (out == null) {
            return rows;
        }
        List<Header> cur = out.headers();
        List<String> titles = HeaderStack.titles(cur);
        Header[] partner = new Header[cur.size()];
        List<Header> base = in == null ? List.of() : in.headers();
        int removed = HeaderStack.pair(cur, base, partner);
        List<String> baseTitles = HeaderStack.titles(base);
        for (int k = 0; k < removed; k++) {
            rows.add(new Row(osi(base.get(k)), baseTitles.get(k), base.get(k).summary(), "—", "removed (read, not written on)"));
        }
        for (int k = 0; k < cur.size(); k++) {
            Header h = cur.get(k);
            Header p = partner[k];
            String change;
            if (p == null) {
                change = in == null ? "built here" : "added";
            } else {
                List<String> ch = new ArrayList<>();
                List<HeaderStack.Field> before = HeaderStack.fields(p);
                for (HeaderStack.Field f : HeaderStack.fields(h)) {
                    for (HeaderStack.Field b : before) {
                        if (b.name().equals(f.name()) && !b.value().equals(f.value())) {
                            ch.add(f.name() + " " + b.value() + " → " + f.value());
                        }
                    }
                }
                change = ch.isEmpty() ? "unchanged" : String.join(", ", ch);
            }
            rows.add(new Row(osi(h), titles.get(k), p == null ? "—" : p.summary(), h.summary(), change));
        }
        return rows;
    }

    /** The OSI layer a header belongs to, as Packet Tracer labels them. */
    static String osi(Header h) {
        if (h instanceof EthernetHeader || h instanceof ArpPacket) {
            return "L2";
        }
        if (h instanceof Ipv4Header || h instanceof IcmpHeader) {
            return "L3";
        }
        if (h instanceof TcpHeader || h instanceof UdpHeader) {
            return "L4";
        }
        return "tunnel";
    }
}
