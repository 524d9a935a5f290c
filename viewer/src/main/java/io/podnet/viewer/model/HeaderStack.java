package io.podnet.viewer.model;

import io.podnet.sim.wire.Header;
import io.podnet.sim.wire.HeaderField;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.VxlanHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * A packet's headers as nested layers (outermost first), each with its fields, marked with what
 * changed against a baseline packet (the packet before this hop): changed fields, layers that this
 * hop added (new outer headers) and layers it removed (decapsulation).
 *
 * <p>Layers are paired from the innermost end, so an encapsulation shows the old headers unchanged
 * inside new outer ones, and a NAT shows the same layers with a changed address.
 */
public record HeaderStack(List<Layer> layers, List<String> removed, int payloadLength, int totalLength) {
    /** One header field; {@code previous} is the baseline value when {@code changed}. */
    public record Field(String name, String value, boolean changed, String previous) {}

    /** One header; {@code added} when the baseline did not have it. */
    public record Layer(String title, String summary, List<Field> fields, boolean added) {
        public boolean hasChanges() {
            if (added) {
                return true;
            }
            for (Field f : fields) {
                if (f.changed()) {
                    return true;
                }
            }
            return false;
        }

        public Field field(String name) {
            for (Field f : fields) {
                if (f.name().equals(name)) {
                    return f;
                }
            }
            return null;
        }
    }

    public HeaderStack {
        layers = List.copyOf(layers);
        removed = List.copyOf(removed);
    }

    /** The stack of {@code current}, compared with {@code baseline} (null: nothing is marked). */
    public static HeaderStack of(Packet current, Packet baseline) {
        if (current == null) {
            return new HeaderStack(List.of(), List.of(), 0, 0);
        }
        List<Header> cur = current.headers();
        List<String> titles = titles(cur);
        Header[] partner = new Header[cur.size()];
        List<String> removed = new ArrayList<>();
        boolean compare = baseline != null;
        if (compare) {
            List<Header> base = baseline.headers();
            removed.addAll(titles(base).subList(0, pair(cur, base, partner)));
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < cur.size(); i++) {
            Header h = cur.get(i);
            List<Field> now = fields(h);
            List<Field> marked = new ArrayList<>();
            if (partner[i] != null) {
                List<Field> before = fields(partner[i]);
                for (Field f : now) {
                    String prev = null;
                    for (Field b : before) {
                        if (b.name().equals(f.name())) {
                            prev = b.value();
                        }
                    }
                    boolean changed = prev != null && !prev.equals(f.value());
                    marked.add(new Field(f.name(), f.value(), changed, changed ? prev : null));
                }
            } else {
                marked.addAll(now);
            }
            layers.add(new Layer(titles.get(i), h.summary(), marked, compare && partner[i] == null));
        }
        return new HeaderStack(layers, removed, current.payloadLength(), current.length());
    }

    /**
     * Pairs {@code cur}'s headers with {@code base}'s from the innermost end while their kinds match:
     * fills {@code partner[i]} with the header of {@code base} paired with {@code cur[i]} (the rest stay
     * null) and returns how many outermost headers of {@code base} have no partner (the removed ones).
     */
    static int pair(List<Header> cur, List<Header> base, Header[] partner) {
        int i = cur.size() - 1;
        int j = base.size() - 1;
        while (i >= 0 && j >= 0 && cur.get(i).getClass() == base.get(j).getClass()) {
            partner[i] = base.get(j);
            i--;
            j--;
        }
        return j + 1;
    }

    /** True when any layer was added or any field changed, or a layer was removed. */
    public boolean hasChanges() {
        if (!removed.isEmpty()) {
            return true;
        }
        for (Layer l : layers) {
            if (l.hasChanges()) {
                return true;
            }
        }
        return false;
    }

    public Layer layer(String title) {
        for (Layer l : layers) {
            if (l.title().equals(title)) {
                return l;
            }
        }
        return null;
    }

    static List<String> titles(List<Header> hs) {
        int boundary = -1;
        for (int i = 0; i < hs.size() && boundary < 0; i++) {
            Header h = hs.get(i);
            if (h instanceof VxlanHeader) {
                boundary = i + 1;
            } else if (h instanceof Ipv4Header ip && ip.protocol() == Ipv4Header.PROTO_IPIP) {
                boundary = i + 1;
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < hs.size(); i++) {
            String base = name(hs.get(i));
            if (boundary > 0 && boundary < hs.size() && !(hs.get(i) instanceof VxlanHeader)) {
                base += i < boundary ? " (outer)" : " (inner)";
            }
            out.add(base);
        }
        return out;
    }

    /** The protocol name of a header. */
    public static String name(Header h) {
        return h.title();
    }

    /** The fields of a header as a person reads them (derived lengths and checksums left out), from the header itself. */
    public static List<Field> fields(Header h) {
        List<Field> f = new ArrayList<>();
        for (HeaderField field : h.fields()) {
            f.add(new Field(field.name(), field.value(), false, null));
        }
        return f;
    }

    /** TCP flags spelled out, e.g. {@code SYN ACK}. */
    public static String tcpFlags(int flags) {
        return TcpHeader.flagNames(flags);
    }
}
