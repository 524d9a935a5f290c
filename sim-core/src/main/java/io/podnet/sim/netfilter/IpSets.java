package io.podnet.sim.netfilter;

import io.podnet.sim.net.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * IP sets as {@code ipset save} prints them ({@code create NAME TYPE ...} then {@code add NAME ENTRY}
 * lines), for {@code -m set --match-set}. Types read: {@code hash:ip}, {@code hash:net},
 * {@code hash:ip,port}, {@code hash:net,port}, {@code hash:ip,port,ip}, {@code hash:ip,port,net},
 * {@code bitmap:port} (IPv4, family inet). Other types are kept by name with no entries and answer
 * "unknown", so a rule using them is reported as a guess, never silently decided. Immutable.
 */
public final class IpSets {
    /** One dimension of a set type. */
    enum Dim { ADDR, PORT }

    /** One element: per dimension, {@code ADDR}: value and prefix length; {@code PORT}: protocol and port. */
    record Element(int[] value, int[] extra) {}

    /** One set: its type, dimensions (null when the type is not read), elements. */
    record Set(String name, String type, List<Dim> dims, List<Element> elements) {}

    private final Map<String, Set> sets;

    private IpSets(Map<String, Set> sets) {
        this.sets = sets;
    }

    public static final IpSets NONE = new IpSets(new TreeMap<>());

    /** The set names, sorted. */
    public java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(sets.keySet());
    }

    /**
     * Parses {@code ipset save} output.
     *
     * @throws ParseException with line and column for a line it cannot read
     */
    public static IpSets parse(String text) {
        Map<String, Set> sets = new TreeMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            int ln = i + 1;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f[0].equals("create") && f.length >= 3) {
                List<Dim> dims = dims(f[2]);
                boolean inet6 = false;
                for (int k = 3; k + 1 < f.length; k++) {
                    if (f[k].equals("family") && f[k + 1].equals("inet6")) {
                        inet6 = true;
                    }
                }
                sets.put(f[1], new Set(f[1], f[2], inet6 ? null : dims, new ArrayList<>()));
            } else if (f[0].equals("add") && f.length >= 3) {
                Set s = sets.get(f[1]);
                if (s == null) {
                    throw new ParseException(ln, 5, "set '" + f[1] + "' is added to before it is created",
                            "a 'create " + f[1] + " TYPE' line first", line);
                }
                if (s.dims() != null) {
                    s.elements().add(element(s, f[2], ln, line.indexOf(f[2], 4 + f[1].length()) + 1, line));
                }
            } else {
                throw new ParseException(ln, 1, "unexpected '" + f[0] + "'",
                        "'create NAME TYPE ...' or 'add NAME ENTRY' lines as ipset save prints them", line);
            }
        }
        return new IpSets(sets);
    }

    private static List<Dim> dims(String type) {
        return switch (type) {
            case "hash:ip", "hash:net" -> List.of(Dim.ADDR);
            case "hash:ip,port", "hash:net,port" -> List.of(Dim.ADDR, Dim.PORT);
            case "hash:ip,port,ip", "hash:ip,port,net" -> List.of(Dim.ADDR, Dim.PORT, Dim.ADDR);
            case "bitmap:port" -> List.of(Dim.PORT);
            default -> null;
        };
    }

    private static Element element(Set s, String text, int ln, int col, String line) {
        String[] parts = text.split(",");
        if (parts.length != s.dims().size()) {
            throw new ParseException(ln, col, "entry '" + text + "' has " + parts.length + " parts; " + s.type()
                    + " has " + s.dims().size(), "an entry of type " + s.type(), line);
        }
        int[] value = new int[parts.length];
        int[] extra = new int[parts.length];
        for (int d = 0; d < parts.length; d++) {
            String p = parts[d];
            try {
                if (s.dims().get(d) == Dim.ADDR) {
                    int slash = p.indexOf('/');
                    value[d] = Ipv4Address.parse(slash < 0 ? p : p.substring(0, slash)).bits();
                    extra[d] = slash < 0 ? 32 : Integer.parseInt(p.substring(slash + 1));
                    if (extra[d] < 0 || extra[d] > 32) {
                        throw new IllegalArgumentException("prefix");
                    }
                } else {
                    int colon = p.indexOf(':');
                    String proto = colon < 0 ? (s.type().equals("bitmap:port") ? "any" : "tcp") : p.substring(0, colon);
                    extra[d] = switch (proto) {
                        case "any" -> 0;
                        case "tcp" -> 6;
                        case "udp" -> 17;
                        case "sctp" -> 132;
                        default -> throw new IllegalArgumentException("proto");
                    };
                    value[d] = Integer.parseInt(colon < 0 ? p : p.substring(colon + 1));
                    if (value[d] < 0 || value[d] > 65535) {
                        throw new IllegalArgumentException("port");
                    }
                }
            } catch (RuntimeException e) {
                throw new ParseException(ln, col, "cannot read '" + p + "' in entry '" + text + "'",
                        s.dims().get(d) == Dim.ADDR ? "an IPv4 address or ADDR/PREFIX" : "PORT or tcp:PORT, udp:PORT, sctp:PORT",
                        line);
            }
        }
        return new Element(value, extra);
    }

    /**
     * Whether the packet is in set {@code name}, each dimension taken from the source ({@code false})
     * or destination ({@code true}) as {@code flags} say: 1 yes, 0 no, -1 unknown (no such set, a
     * type not read, or fewer flags than dimensions).
     */
    int member(String name, boolean[] dstFlags, PacketView v) {
        Set s = sets.get(name);
        if (s == null || s.dims() == null || dstFlags.length < s.dims().size()) {
            return -1;
        }
        for (Element e : s.elements()) {
            boolean all = true;
            for (int d = 0; d < s.dims().size() && all; d++) {
                if (s.dims().get(d) == Dim.ADDR) {
                    int a = dstFlags[d] ? v.dst : v.src;
                    int mask = e.extra()[d] == 0 ? 0 : -1 << (32 - e.extra()[d]);
                    all = (a & mask) == (e.value()[d] & mask);
                } else {
                    int port = dstFlags[d] ? v.dport : v.sport;
                    all = port >= 0 && (e.extra()[d] == 0 || v.proto == e.extra()[d]) && port == e.value()[d];
                }
            }
            if (all) {
                return 1;
            }
        }
        return 0;
    }
}
