package io.podnet.sim.ipvs;

import io.podnet.sim.ipvs.IpvsTable.RealServer;
import io.podnet.sim.ipvs.IpvsTable.VirtualService;
import io.podnet.sim.net.Ipv4Address;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One namespace's running IPVS: its table (reloadable, as kube-proxy syncs), its connection table
 * and persistence templates, and the schedulers' state. Time is the simulated clock in
 * nanoseconds; nothing is random.
 *
 * <p>Connection timeouts are the kernel's defaults ({@code ip_vs_proto_tcp.c}
 * {@code tcp_timeouts}, {@code ip_vs_proto_udp.c}): TCP states follow the kernel's INPUT state
 * table for the packets IPVS sees from the client (replies are reversed by conntrack in this
 * model, see {@code Netfilter#ipvsForward}, so the OUTPUT table is not applied); UDP 300 s.
 * Persistent services ({@code -p}) keep a template per client address and virtual service that
 * names the real server; it lives {@code persistence} seconds after its last use
 * ({@code ip_vs_sched_persist}), and while a connection it controls is alive.
 *
 * <p>Memory is the live state: each real server's {@code activeconns}/{@code inactconns} are
 * counters kept as connections are made, change state and go (the schedulers read them, never the
 * table), and an expiry queue (expiry time, then creation order: deterministic) removes every
 * connection and template whose time has come before the table is looked at.
 */
public final class Ipvs {
    /** TCP states: the kernel's {@code IP_VS_TCP_S_*} order. */
    private static final String[] STATE = {"NONE", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT", "TIME_WAIT",
        "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "SYNACK"};
    /** Default timeouts in seconds, by state ({@code tcp_timeouts}). */
    private static final int[] TIMEOUT = {2, 900, 120, 60, 120, 120, 10, 60, 30, 120, 120};
    private static final int NO = 0, ES = 1, SS = 2, SR = 3, FW = 4, TW = 5, CL = 6, CW = 7, LA = 8, LI = 9, SA = 10;
    /** The INPUT rows of {@code tcp_states}: syn, fin, ack, rst. */
    private static final int[][] INPUT = {
        {SR, ES, ES, SR, SR, SR, SR, SR, SR, SR, SR},
        {CL, CW, SS, TW, TW, TW, CL, CW, LA, LI, TW},
        {ES, ES, SS, ES, FW, TW, CL, CW, CL, LI, ES},
        {CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, SR},
    };
    /**
     * The states counted in {@code activeconns} ({@code tcp_state_active_table}, kernel 4.8 and
     * later: ESTABLISHED and the handshake states SYN_SENT, SYN_RECV, SYNACK).
     */
    private static final boolean[] ACTIVE = {false, true, true, true, false, false, false, false, false, false, true};
    private static final int UDP_TIMEOUT = 300;
    private static final long SECOND = 1_000_000_000L;

    /**
     * A connection of the table ({@code struct ip_vs_conn}): bound to its destination's counters
     * ({@code ip_vs_bind_dest}) and to the count of connections a persistence template with its
     * client, virtual service and destination would control.
     */
    private static final class Conn {
        final String key;
        final RealServer dest;
        final long id;
        final DestKey destKey;
        final int[] counter;
        final ControlKey controlKey;
        final int[] control;
        int state;
        /** Counted in {@code activeconns} (the kernel's {@code IP_VS_CONN_F_INACTIVE} clear). */
        boolean active;
        long expires;

        Conn(String key, RealServer dest, long id, DestKey destKey, int[] counter, ControlKey controlKey, int[] control) {
            this.key = key;
            this.dest = dest;
            this.id = id;
            this.destKey = destKey;
            this.counter = counter;
            this.controlKey = controlKey;
            this.control = control;
        }
    }

    /**
     * A persistence template's key as the kernel's: {@code <protocol, caddr, 0, vaddr, vport>}, the
     * client port always 0 ({@code ip_vs_sched_persist}, port-specific non-FTP service).
     */
    private record TemplateKey(int protocol, Ipv4Address client, Ipv4Address vaddr, int vport) {}

    /** The connections a template naming {@code dest} controls (the kernel's {@code n_control}). */
    private record ControlKey(TemplateKey template, RealServer dest) {}

    /** A virtual service's destination, whose {@code activeconns}/{@code inactconns} the schedulers read. */
    private record DestKey(String service, RealServer dest) {}

    /** A persistence template: client address and virtual service to real server. */
    private static final class Template {
        final TemplateKey key;
        final RealServer dest;
        final long id;
        long expires;
        /**
         * Expired while connections it controls are alive: kept out of the expiry queue until the
         * last of them goes (the kernel re-arms the template's timer while {@code n_control > 0}).
         */
        boolean held;

        Template(TemplateKey key, RealServer dest, long id) {
            this.key = key;
            this.dest = dest;
            this.id = id;
        }
    }

    /**
     * What IPVS did with a packet for a virtual service.
     *
     * @param service     the virtual service
     * @param real        the real server it goes to, or null when the service has none (the
     *                    kernel answers ICMP port unreachable and drops the packet)
     * @param text        builds {@link #explanation()} (only values fixed when the packet was seen)
     */
    public record Result(VirtualService service, RealServer real, Supplier<String> text) {
        /** One sentence naming the virtual service, the scheduler and the real server; built now. */
        public String explanation() {
            return text.get();
        }
    }

    private IpvsTable table;
    private final LongSupplier clock;
    private final Map<String, Conn> conns = new HashMap<>();
    private final Map<TemplateKey, Template> templates = new HashMap<>();
    /** {active, inactive} per destination; an entry goes when both reach 0. */
    private final Map<DestKey, int[]> counters = new HashMap<>();
    /** Live connections per (template key, destination); an entry goes at 0. */
    private final Map<ControlKey, int[]> controls = new HashMap<>();
    /** The expiry queue: every connection, by expiry time then creation order. */
    private final TreeSet<Conn> connExpiry = new TreeSet<>(
            Comparator.comparingLong((Conn c) -> c.expires).thenComparingLong(c -> c.id));
    /** Templates not held, by expiry time then creation order. */
    private final TreeSet<Template> templateExpiry = new TreeSet<>(
            Comparator.comparingLong((Template t) -> t.expires).thenComparingLong(t -> t.id));
    private long nextId;
    /** Round-robin and weighted round-robin positions by service key. */
    private final Map<String, int[]> position = new HashMap<>();

    public Ipvs(IpvsTable table, LongSupplier clock) {
        this.table = table;
        this.clock = clock;
    }

    public IpvsTable table() {
        return table;
    }

    /**
     * A new table (kube-proxy's sync): connections and templates stay; a connection whose real
     * server is gone is expired on its next packet ({@code expire_nodest_conn=1}) and the packet
     * scheduled again.
     */
    public void reload(IpvsTable next) {
        this.table = next;
    }

    private static String serviceKey(VirtualService s) {
        return s.protocol() + "/" + s.address() + ":" + s.port();
    }

    /**
     * {@code ip_vs_in} for a packet a client sent to a local address: null when no virtual service
     * matches (the packet goes on to the local sockets), else the real server it is forwarded to.
     *
     * @param tcpFlags the TCP flags ({@code TcpHeader} bits), ignored for other protocols
     */
    public Result in(int protocol, Ipv4Address src, int sport, Ipv4Address dst, int dport, int tcpFlags) {
        VirtualService s = table.lookup(protocol, dst, dport);
        if (s == null) {
            return null;
        }
        long now = clock.getAsLong();
        expire(now);
        String ckey = protocol + " " + src + ":" + sport + " " + dst + ":" + dport;
        Conn c = conns.get(ckey);
        if (c != null && !s.reals().contains(c.dest)) {
            remove(c); // expire_nodest_conn
            c = null;
        }
        if (c != null && protocol == 6 && (tcpFlags & 0x02) != 0 && (tcpFlags & 0x10) == 0
                && (c.state == TW || c.state == CL)) {
            remove(c); // a new SYN on a closed connection: a new connection (conn_reuse_mode)
            c = null;
        }
        TemplateKey tkey = new TemplateKey(s.protocol(), src, s.address(), s.port());
        if (c != null) {
            String before = stateName(protocol, c.state);
            touch(c, protocol, tcpFlags, now);
            Template t = s.persistence() > 0 ? templates.get(tkey) : null;
            if (t != null) {
                setExpires(t, Math.max(t.expires, now + s.persistence() * SECOND));
            }
            String st = stateName(protocol, c.state);
            RealServer to = c.dest;
            long left = (c.expires - now) / SECOND;
            // built only if read (the trace): every value it uses is fixed here
            return new Result(s, to, () -> "IPVS connection " + ckey.substring(ckey.indexOf(' ') + 1).replace(" ", " -> ")
                    + " (" + s.text() + ") forwards to real server " + to.text() + " by masquerading ("
                    + (before.equals(st) ? st : before + " -> " + st) + ", expires in " + left + " s)");
        }
        if (s.reals().isEmpty()) {
            return new Result(s, null, () -> "IPVS virtual service " + s.text() + " (" + s.scheduler()
                    + ") has no real server: ip_vs_leave answers ICMP port unreachable and drops the packet");
        }
        String skey = serviceKey(s);
        RealServer dest;
        boolean kept = false;
        if (s.persistence() > 0) {
            // after expire(now) a template in the table is alive: unexpired, or held by a live connection
            Template t = templates.get(tkey);
            if (t != null && s.reals().contains(t.dest)) {
                dest = t.dest;
                kept = true;
            } else {
                dest = schedule(s, skey, src, dst);
                if (t != null) {
                    removeTemplate(t);
                }
                t = new Template(tkey, dest, nextId++);
                t.held = true; // not queued yet
                templates.put(tkey, t);
            }
            setExpires(t, now + s.persistence() * SECOND);
        } else {
            dest = schedule(s, skey, src, dst);
        }
        DestKey dk = new DestKey(skey, dest);
        int[] counter = counters.computeIfAbsent(dk, k -> new int[2]);
        ControlKey ck = new ControlKey(tkey, dest);
        int[] control = controls.computeIfAbsent(ck, k -> new int[1]);
        c = new Conn(ckey, dest, nextId++, dk, counter, ck, control);
        c.state = NO;
        counter[1]++; // a new connection starts inactive (the destination's conn_flags carry IP_VS_CONN_F_INACTIVE)
        control[0]++;
        conns.put(ckey, c);
        touch(c, protocol, tcpFlags, now);
        RealServer to = dest;
        boolean byTemplate = kept;
        String st = stateName(protocol, c.state);
        long left = (c.expires - now) / SECOND;
        return new Result(s, to, () -> "IPVS virtual service " + s.text() + ": " + how(s, to, src, byTemplate) + " of "
                + s.reals().size() + "; new connection " + src + ":" + sport + " -> " + dst + ":" + dport + " -> "
                + to.text() + " (masquerading, " + st + ", expires in " + left + " s)");
    }

    /** How a new connection's real server was chosen: by the client's persistence template, or by the scheduler. */
    private static String how(VirtualService s, RealServer dest, Ipv4Address src, boolean byTemplate) {
        if (byTemplate) {
            return "persistence template " + src + " -> " + s.address() + ":" + s.port() + " (session affinity, "
                    + s.persistence() + " s) keeps real server " + dest.text();
        }
        if (s.persistence() > 0) {
            return "scheduler " + s.scheduler() + " picks real server " + dest.text() + " and a new persistence"
                    + " template for client " + src + " (" + s.persistence() + " s)";
        }
        return "scheduler " + s.scheduler() + " picks real server " + dest.text();
    }

    /**
     * The timers that have run out by {@code now}: expired connections leave the table and their
     * destination's counters ({@code ip_vs_conn_expire}, {@code ip_vs_unbind_dest}); an expired
     * template goes unless a live connection it controls holds it.
     */
    private void expire(long now) {
        while (!connExpiry.isEmpty() && connExpiry.first().expires <= now) {
            unlink(connExpiry.pollFirst());
        }
        while (!templateExpiry.isEmpty() && templateExpiry.first().expires <= now) {
            Template t = templateExpiry.pollFirst();
            int[] n = controls.get(new ControlKey(t.key, t.dest));
            if (n != null && n[0] > 0) {
                t.held = true;
            } else {
                templates.remove(t.key);
            }
        }
    }

    private void remove(Conn c) {
        connExpiry.remove(c);
        unlink(c);
    }

    private void unlink(Conn c) {
        conns.remove(c.key);
        c.counter[c.active ? 0 : 1]--;
        if (c.counter[0] == 0 && c.counter[1] == 0) {
            counters.remove(c.destKey);
        }
        if (--c.control[0] == 0) {
            controls.remove(c.controlKey);
            Template t = templates.get(c.controlKey.template());
            if (t != null && t.held && t.dest.equals(c.dest)) {
                templates.remove(t.key); // expired, and the last connection it controlled is gone
            }
        }
    }

    private void removeTemplate(Template t) {
        if (!t.held) {
            templateExpiry.remove(t);
        }
        templates.remove(t.key);
    }

    private void setExpires(Template t, long expires) {
        if (!t.held) {
            templateExpiry.remove(t);
        }
        t.held = false;
        t.expires = expires;
        templateExpiry.add(t);
    }

    private void setExpires(Conn c, long expires) {
        connExpiry.remove(c);
        c.expires = expires;
        connExpiry.add(c);
    }

    private static String stateName(int protocol, int state) {
        return protocol == 6 ? STATE[state] : "UDP";
    }

    /**
     * A packet's state transition ({@code set_tcp_state}): the new state's timeout, and the move
     * between the destination's inactive and active counters when a TCP connection enters or
     * leaves an active state ({@link #ACTIVE}). Other protocols stay inactive.
     */
    private void touch(Conn c, int protocol, int flags, long now) {
        long timeout;
        if (protocol == 6) {
            int row = (flags & 0x04) != 0 ? 3 : (flags & 0x02) != 0 ? 0 : (flags & 0x01) != 0 ? 1 : (flags & 0x10) != 0 ? 2 : -1;
            if (row >= 0) {
                c.state = INPUT[row][c.state];
            }
            boolean active = ACTIVE[c.state];
            if (active != c.active) {
                c.counter[c.active ? 0 : 1]--;
                c.counter[active ? 0 : 1]++;
                c.active = active;
            }
            timeout = TIMEOUT[c.state];
        } else {
            c.state = ES;
            timeout = protocol == 17 ? UDP_TIMEOUT : TIMEOUT[ES];
        }
        setExpires(c, now + timeout * SECOND);
    }

    // ---- schedulers -----------------------------------------------------------------------------

    private RealServer schedule(VirtualService s, String skey, Ipv4Address src, Ipv4Address dst) {
        List<RealServer> d = s.reals();
        RealServer r = switch (s.scheduler()) {
            case "rr" -> roundRobin(skey, d);
            case "wrr" -> weightedRoundRobin(skey, d);
            case "sh" -> d.get(hashBucket(src) % d.size());
            case "dh" -> d.get(hashBucket(dst) % d.size());
            case "lc" -> leastConnection(skey, d);
            case "sed" -> leastOverhead(skey, d, true, false);
            case "nq" -> leastOverhead(skey, d, true, true);
            default -> leastOverhead(skey, d, false, false); // wlc
        };
        return r == null ? d.get(0) : r;
    }

    /** {@code ip_vs_rr_schedule}: the next real server after the last one picked, in list order. */
    private RealServer roundRobin(String skey, List<RealServer> d) {
        int[] pos = position.computeIfAbsent(skey, k -> new int[] {-1, 0});
        for (int i = 1; i <= d.size(); i++) {
            int k = (pos[0] + i) % d.size();
            if (d.get(k).weight() > 0) {
                pos[0] = k;
                return d.get(k);
            }
        }
        pos[0] = (pos[0] + 1) % d.size();
        return d.get(pos[0]);
    }

    /**
     * {@code ip_vs_wrr_schedule}: from the last real server picked, the next whose weight reaches the
     * current weight; at the end of the list the current weight drops by the weights' gcd (back to
     * the largest weight below 1).
     */
    private RealServer weightedRoundRobin(String skey, List<RealServer> d) {
        int mw = 0;
        int g = 0;
        for (RealServer r : d) {
            mw = Math.max(mw, r.weight());
            g = gcd(g, r.weight());
        }
        if (mw == 0) {
            return d.get(0);
        }
        final int max = mw;
        int[] st = position.computeIfAbsent(skey, k -> new int[] {-1, max});
        for (int round = 0; round <= max / g + 1; round++) {
            for (int i = st[0] + 1; i < d.size(); i++) {
                if (d.get(i).weight() >= st[1]) {
                    st[0] = i;
                    return d.get(i);
                }
            }
            st[0] = -1;
            st[1] -= g;
            if (st[1] <= 0) {
                st[1] = mw;
            }
        }
        return d.get(0);
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** The destination's {active, inactive} counters: zeros when it has no connection. */
    private int[] counter(String skey, RealServer r) {
        int[] c = counters.get(new DestKey(skey, r));
        return c == null ? new int[2] : c;
    }

    /** {@code ip_vs_dest_conn_overhead}: {@code activeconns * 256 + inactconns}. */
    private long connOverhead(String skey, RealServer r) {
        int[] c = counter(skey, r);
        return ((long) c[0] << 8) + c[1];
    }

    /**
     * {@code ip_vs_lc_schedule}: the least {@code activeconns * 256 + inactconns}, weights only
     * excluding (weight 0, quiesced); the first in list order wins a tie.
     */
    private RealServer leastConnection(String skey, List<RealServer> d) {
        RealServer least = null;
        long loh = 0;
        for (RealServer r : d) {
            if (r.weight() <= 0) {
                continue;
            }
            long oh = connOverhead(skey, r);
            if (least == null || oh < loh) {
                least = r;
                loh = oh;
            }
        }
        return least;
    }

    /**
     * {@code ip_vs_wlc_schedule} (overhead {@code activeconns * 256 + inactconns}),
     * {@code ip_vs_sed_schedule} and {@code ip_vs_nq_schedule} (overhead {@code activeconns + 1}):
     * the least overhead / weight, compared by cross-multiplication ({@code loh * w > doh * lw}), the
     * first in list order winning a tie; {@code nq} first takes the first idle real server
     * ({@code activeconns == 0}) in list order.
     */
    private RealServer leastOverhead(String skey, List<RealServer> d, boolean sed, boolean nq) {
        RealServer least = null;
        long loh = 0;
        for (RealServer r : d) {
            if (r.weight() <= 0) {
                continue;
            }
            int[] c = counter(skey, r);
            if (nq && c[0] == 0) {
                return r;
            }
            long oh = sed ? c[0] + 1L : ((long) c[0] << 8) + c[1];
            if (least == null || loh * r.weight() > oh * least.weight()) {
                least = r;
                loh = oh;
            }
        }
        return least;
    }

    /**
     * The kernel's source and destination hashing bucket ({@code ip_vs_sh_hashkey} without a port,
     * {@code ip_vs_dh_hashkey}): {@code hash_32(address, 8)}; bucket {@code i} of the 256 holds the
     * real server {@code i mod n} (weights of 1, in list order).
     */
    static int hashBucket(Ipv4Address a) {
        return (int) (((a.bits() & 0xffffffffL) * 0x61C88647L & 0xffffffffL) >>> 24);
    }

    /** Per {@code "VIP:PORT/PROTO RIP:PORT"}, {active, inactive} connections now (for {@code ipvsadm -Ln}). */
    public Map<String, int[]> counts() {
        expire(clock.getAsLong());
        Map<String, int[]> out = new TreeMap<>();
        for (VirtualService s : table.services()) {
            String skey = serviceKey(s);
            for (RealServer r : s.reals()) {
                out.put(s.address() + ":" + s.port() + "/" + s.protocol() + " " + r.text(), counter(skey, r).clone());
            }
        }
        return out;
    }

    /** The live connections as {@code ipvsadm -Lnc} lists them, sorted. */
    public List<String> connections() {
        long now = clock.getAsLong();
        expire(now);
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, Conn> e : conns.entrySet()) {
            Conn c = e.getValue();
            String[] f = e.getKey().split(" ");
            int proto = Integer.parseInt(f[0]);
            long left = (c.expires - now + SECOND - 1) / SECOND;
            sorted.put(e.getKey(), String.format(java.util.Locale.ROOT, "%-4s %02d:%02d  %-11s %-21s %-21s %s",
                    IpvsTable.protocolName(proto), left / 60, left % 60, stateName(proto, c.state), f[1], f[2], c.dest.text()));
        }
        return new ArrayList<>(new LinkedHashMap<>(sorted).values());
    }

    /** Entries held in the connection table, templates, counters and expiry queues (for tests). */
    int entries() {
        return conns.size() + templates.size() + counters.size() + controls.size() + connExpiry.size()
                + templateExpiry.size();
    }

    /** Connections in the table now, expired ones removed (for tests). */
    int connectionCount() {
        expire(clock.getAsLong());
        return conns.size();
    }

    /** Templates in the table now, expired ones removed (for tests). */
    int templateCount() {
        expire(clock.getAsLong());
        return templates.size();
    }
}
