package io.podnet.sim.ipvs;

import io.podnet.sim.net.Ipv4Address;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An IPVS table as {@code ipvsadm-save -n} writes it: {@code -A -t|-u|--sctp-service ADDR:PORT -s
 * SCHED [-p SECONDS]} adds a virtual service, {@code -a -t|-u|--sctp-service ADDR:PORT -r
 * ADDR:PORT -m|-g|-i [-w WEIGHT]} a real server of it. Immutable; real servers keep their order
 * (the kernel's list order, which round-robin and source hashing follow).
 */
public final class IpvsTable {
    /** Schedulers this model runs ({@code ip_vs_rr} ... {@code ip_vs_nq}). */
    public static final List<String> SCHEDULERS = List.of("rr", "wrr", "lc", "wlc", "sh", "dh", "sed", "nq");

    /** A real server (destination) of a virtual service. */
    public record RealServer(Ipv4Address address, int port, int weight, String forward) {
        public String text() {
            return address + ":" + port;
        }
    }

    /**
     * A virtual service.
     *
     * @param protocol    IP protocol number (6 TCP, 17 UDP, 132 SCTP)
     * @param persistence persistence timeout in seconds ({@code -p}), 0 when not persistent
     */
    public record VirtualService(int protocol, Ipv4Address address, int port, String scheduler, int persistence,
                                 List<RealServer> reals) {
        public VirtualService {
            reals = List.copyOf(reals);
        }

        /** {@code TCP 10.96.0.10:80}. */
        public String text() {
            return protocolName(protocol) + " " + address + ":" + port;
        }
    }

    /** A line of the text that cannot be read. */
    public static final class ParseException extends IllegalArgumentException {
        private final int line;

        ParseException(int line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    public static final IpvsTable EMPTY = new IpvsTable(List.of());

    private final List<VirtualService> services;
    private final Map<Long, VirtualService> byKey;

    private IpvsTable(List<VirtualService> services) {
        this.services = List.copyOf(services);
        Map<Long, VirtualService> m = new java.util.HashMap<>();
        for (VirtualService s : services) {
            m.put(key(s.protocol(), s.address().bits(), s.port()), s);
        }
        this.byKey = m;
    }

    static long key(int protocol, int addr, int port) {
        return ((long) protocol << 48) ^ ((addr & 0xffffffffL) << 16) ^ port;
    }

    /** The virtual services, sorted by protocol, address and port. */
    public List<VirtualService> services() {
        return services;
    }

    /** The virtual service for a packet to {@code addr:port} of {@code protocol}, or null. */
    public VirtualService lookup(int protocol, Ipv4Address addr, int port) {
        return byKey.get(key(protocol, addr.bits(), port));
    }

    /** True when some virtual service has the address (any port). */
    public boolean hasAddress(Ipv4Address addr) {
        for (VirtualService s : services) {
            if (s.address().equals(addr)) {
                return true;
            }
        }
        return false;
    }

    /** Reads {@code ipvsadm-save -n} text. */
    public static IpvsTable parse(String text) {
        Map<String, String[]> head = new TreeMap<>();
        Map<String, List<RealServer>> reals = new java.util.LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].trim();
            int ln = i + 1;
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split("\\s+");
            String op = f[0];
            if (!op.equals("-A") && !op.equals("-a")) {
                throw new ParseException(ln, "expected -A (virtual service) or -a (real server), got '" + op + "'");
            }
            int proto = 0;
            String vip = null;
            String sched = "wlc"; // ipvsadm's default scheduler
            int persistence = 0;
            String rip = null;
            int weight = 1;
            String fwd = "m";
            for (int k = 1; k < f.length; k++) {
                String o = f[k];
                switch (o) {
                    case "-t", "--tcp-service" -> { proto = 6; vip = arg(f, ++k, ln, o); }
                    case "-u", "--udp-service" -> { proto = 17; vip = arg(f, ++k, ln, o); }
                    case "--sctp-service" -> { proto = 132; vip = arg(f, ++k, ln, o); }
                    case "-s", "--scheduler" -> sched = arg(f, ++k, ln, o);
                    case "-p", "--persistent" -> persistence = number(arg(f, ++k, ln, o), ln, o);
                    case "-r", "--real-server" -> rip = arg(f, ++k, ln, o);
                    case "-w", "--weight" -> weight = number(arg(f, ++k, ln, o), ln, o);
                    case "-m", "--masquerading" -> fwd = "m";
                    case "-g", "--gatewaying" -> fwd = "g";
                    case "-i", "--ipip" -> fwd = "i";
                    default -> throw new ParseException(ln, "unknown option '" + o + "'");
                }
            }
            if (vip == null) {
                throw new ParseException(ln, "no service address (-t, -u or --sctp-service ADDR:PORT)");
            }
            String key = proto + " " + vip;
            if (op.equals("-A")) {
                if (!SCHEDULERS.contains(sched)) {
                    throw new ParseException(ln, "scheduler '" + sched + "' is not modelled; expected one of " + SCHEDULERS);
                }
                if (!head.containsKey(key)) {
                    order.add(key);
                }
                head.put(key, new String[] {Integer.toString(proto), vip, sched, Integer.toString(persistence)});
                reals.putIfAbsent(key, new ArrayList<>());
            } else {
                if (rip == null) {
                    throw new ParseException(ln, "a real server needs -r ADDR:PORT");
                }
                List<RealServer> rs = reals.get(key);
                if (rs == null) {
                    throw new ParseException(ln, "real server for " + vip + " before its virtual service (-A)");
                }
                String[] hp = hostPort(rip, ln);
                rs.add(new RealServer(Ipv4Address.parse(hp[0]), Integer.parseInt(hp[1]), weight, fwd));
            }
        }
        List<VirtualService> out = new ArrayList<>();
        for (String key : order) {
            String[] h = head.get(key);
            String[] hp = hostPort(h[1], 0);
            out.add(new VirtualService(Integer.parseInt(h[0]), Ipv4Address.parse(hp[0]), Integer.parseInt(hp[1]), h[2],
                    Integer.parseInt(h[3]), reals.get(key)));
        }
        out.sort(Comparator.comparingInt(VirtualService::protocol)
                .thenComparingLong(s -> s.address().bits() & 0xffffffffL).thenComparingInt(VirtualService::port));
        return new IpvsTable(out);
    }

    private static String arg(String[] f, int k, int ln, String opt) {
        if (k >= f.length) {
            throw new ParseException(ln, opt + " needs a value");
        }
        return f[k];
    }

    private static int number(String s, int ln, String opt) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new ParseException(ln, opt + " needs a number, got '" + s + "'");
        }
    }

    private static String[] hostPort(String s, int ln) {
        int c = s.lastIndexOf(':');
        if (c <= 0 || c == s.length() - 1) {
            throw new ParseException(ln, "expected ADDR:PORT, got '" + s + "'");
        }
        try {
            Ipv4Address.parse(s.substring(0, c));
            Integer.parseInt(s.substring(c + 1));
        } catch (RuntimeException e) {
            throw new ParseException(ln, "expected ADDR:PORT, got '" + s + "'");
        }
        return new String[] {s.substring(0, c), s.substring(c + 1)};
    }

    static String protocolName(int p) {
        return p == 6 ? "TCP" : p == 17 ? "UDP" : p == 132 ? "SCTP" : Integer.toString(p);
    }

    /** The table as {@code ipvsadm-save -n} writes it. */
    public String save() {
        StringBuilder sb = new StringBuilder();
        for (VirtualService s : services) {
            String opt = optionOf(s.protocol()) + " " + s.address() + ":" + s.port();
            sb.append("-A ").append(opt).append(" -s ").append(s.scheduler());
            if (s.persistence() > 0) {
                sb.append(" -p ").append(s.persistence());
            }
            sb.append('\n');
            for (RealServer r : s.reals()) {
                sb.append("-a ").append(opt).append(" -r ").append(r.text()).append(" -").append(r.forward())
                        .append(" -w ").append(r.weight()).append('\n');
            }
        }
        return sb.toString();
    }

    static String optionOf(int protocol) {
        return protocol == 6 ? "-t" : protocol == 17 ? "-u" : "--sctp-service";
    }

    /**
     * The table as {@code ipvsadm -Ln} lists it (connection counters from {@code counts}: per
     * {@code "VIP:PORT/PROTO RIP:PORT"} key, {active, inactive}; null for zeros).
     */
    public String listing(Map<String, int[]> counts) {
        StringBuilder sb = new StringBuilder();
        sb.append("IP Virtual Server version 1.2.1 (size=4096)\n");
        sb.append("Prot LocalAddress:Port Scheduler Flags\n");
        sb.append("  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n");
        for (VirtualService s : services) {
            sb.append(String.format(Locale.ROOT, "%-4s %s:%d %s", protocolName(s.protocol()), s.address(), s.port(),
                    s.scheduler()));
            if (s.persistence() > 0) {
                sb.append(" persistent ").append(s.persistence());
            }
            sb.append('\n');
            for (RealServer r : s.reals()) {
                int[] c = counts == null ? null : counts.get(s.address() + ":" + s.port() + "/" + s.protocol() + " " + r.text());
                sb.append(String.format(Locale.ROOT, "  -> %-28s %-7s %-6d %-10d %d\n", r.text(), forwardName(r.forward()),
                        r.weight(), c == null ? 0 : c[0], c == null ? 0 : c[1]));
            }
        }
        return sb.toString();
    }

    private static String forwardName(String f) {
        return f.equals("m") ? "Masq" : f.equals("g") ? "Route" : "Tunnel";
    }

    /** An unmodifiable view for tests. */
    List<VirtualService> view() {
        return Collections.unmodifiableList(services);
    }
}
