package io.podnet.viewer.model;

import io.podnet.sim.wire.ArpPacket;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.Header;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
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
            List<String> baseTitles = titles(base);
            int i = cur.size() - 1;
            int j = base.size() - 1;
            while (i >= 0 && j >= 0 && cur.get(i).getClass() == base.get(j).getClass()) {
                partner[i] = base.get(j);
                i--;
                j--;
            }
            for (int k = 0; k <= j; k++) {
                removed.add(baseTitles.get(k));
            }
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
        if (h instanceof EthernetHeader) {
            return "Ethernet";
        } else if (h instanceof Ipv4Header) {
            return "IPv4";
        } else if (h instanceof UdpHeader) {
            return "UDP";
        } else if (h instanceof TcpHeader) {
            return "TCP";
        } else if (h instanceof VxlanHeader) {
            return "VXLAN";
        } else if (h instanceof IcmpHeader) {
            return "ICMP";
        } else if (h instanceof ArpPacket) {
            return "ARP";
        }
        return h.getClass().getSimpleName();
    }

    /** The fields of a header as a person reads them (derived lengths and checksums left out). */
    public static List<Field> fields(Header h) {
        List<Field> f = new ArrayList<>();
        if (h instanceof EthernetHeader e) {
            add(f, "dst MAC", e.dst().toString());
            add(f, "src MAC", e.src().toString());
            add(f, "type", e.etherType() == EthernetHeader.TYPE_IPV4 ? "IPv4 (0x0800)"
                    : e.etherType() == EthernetHeader.TYPE_ARP ? "ARP (0x0806)" : String.format("0x%04x", e.etherType()));
        } else if (h instanceof Ipv4Header ip) {
            add(f, "src", ip.src().toString());
            add(f, "dst", ip.dst().toString());
            add(f, "TTL", Integer.toString(ip.ttl()));
            add(f, "protocol", protocol(ip.protocol()));
            add(f, "id", Integer.toString(ip.identification()));
            String flags = (ip.dontFragment() ? "DF" : "") + (ip.moreFragments() ? (ip.dontFragment() ? " MF" : "MF") : "");
            add(f, "flags", flags.isEmpty() ? "-" : flags);
            if (ip.fragmentOffset() != 0 || ip.moreFragments()) {
                add(f, "frag offset", Integer.toString(ip.fragmentOffset() * 8));
            }
            add(f, "TOS", String.format("0x%02x", ip.tos()));
        } else if (h instanceof UdpHeader u) {
            add(f, "src port", Integer.toString(u.srcPort()));
            add(f, "dst port", Integer.toString(u.dstPort()));
            add(f, "checksum", u.checksummed() ? "computed" : "zero (not used)");
        } else if (h instanceof VxlanHeader v) {
            add(f, "VNI", Integer.toString(v.vni()));
            add(f, "flags", "I (VNI valid)");
        } else if (h instanceof TcpHeader t) {
            add(f, "src port", Integer.toString(t.srcPort()));
            add(f, "dst port", Integer.toString(t.dstPort()));
            add(f, "flags", tcpFlags(t.flags()));
            add(f, "seq", Long.toString(t.seq()));
            add(f, "ack", Long.toString(t.ack()));
            add(f, "window", Integer.toString(t.window()));
            if (t.mss() > 0) {
                add(f, "MSS", Integer.toString(t.mss()));
            }
            if (t.windowScale() >= 0) {
                add(f, "wscale", Integer.toString(t.windowScale()));
            }
        } else if (h instanceof IcmpHeader c) {
            add(f, "type", Integer.toString(c.type()));
            add(f, "code", Integer.toString(c.code()));
            if (c.isEcho()) {
                add(f, "id", Integer.toString(c.identifier()));
                add(f, "seq", Integer.toString(c.sequence()));
            } else if (c.type() == IcmpHeader.DEST_UNREACHABLE && c.code() == IcmpHeader.CODE_FRAG_NEEDED) {
                add(f, "next-hop MTU", Integer.toString(c.nextHopMtu()));
            }
        } else if (h instanceof ArpPacket a) {
            add(f, "operation", a.operation() == ArpPacket.REQUEST ? "request" : "reply");
            add(f, "sender MAC", a.senderMac().toString());
            add(f, "sender IP", a.senderIp().toString());
            add(f, "target MAC", a.targetMac().toString());
            add(f, "target IP", a.targetIp().toString());
        } else {
            add(f, "summary", h.summary());
        }
        return f;
    }

    private static void add(List<Field> f, String name, String value) {
        f.add(new Field(name, value, false, null));
    }

    /** TCP flags spelled out, e.g. {@code SYN ACK}. */
    public static String tcpFlags(int flags) {
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG"};
        int[] order = {1, 0, 2, 3, 4, 5};
        StringBuilder sb = new StringBuilder();
        for (int k : order) {
            if ((flags & (1 << k)) != 0) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(names[k]);
            }
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    static String protocol(int p) {
        switch (p) {
            case Ipv4Header.PROTO_TCP:
                return "TCP (6)";
            case Ipv4Header.PROTO_UDP:
                return "UDP (17)";
            case Ipv4Header.PROTO_ICMP:
                return "ICMP (1)";
            case Ipv4Header.PROTO_IPIP:
                return "IPIP (4)";
            default:
                return Integer.toString(p);
        }
    }
}
