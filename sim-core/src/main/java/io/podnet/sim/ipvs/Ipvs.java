package io.podnet.sim.ipvs;

import io.podnet.sim.ipvs.IpvsTable.RealServer;
import io.podnet.sim.ipvs.IpvsTable.VirtualService;
import io.podnet.sim.net.Ipv4Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

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
 * ({@code ip_vs_sched_persist}).
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
    private static final int UDP_TIMEOUT = 300;
    private static final long SECOND = 1_000_000_000L;

    /** A connection of the table ({@code struct ip_vs_conn}). */
    private static final class Conn {
        final String service;
        final RealServer dest;
        int state;
        long expires;

        Conn(String service, RealServer dest) {
            this.service = service;
            this.dest = dest;
        }
    }

    /** A persistence template: client address and virtual service to real server. */
    private static final class Template {
        final RealServer dest;
        long expires;

        Template(RealServer dest) {
            this.dest = dest;
        }
    }

    /**
     * What IPVS did with a packet for a virtual service.
     *
     * @param service     the virtual service
     * @param real        the real server it goes to, or null when the service has none (the
     *                    kernel answers ICMP port unreachable and drops the packet)
     * @param explanation one sentence naming the virtual service, the scheduler and the real server
     */
    public record Result(VirtualService service, RealServer real, String explanation) {}

    private IpvsTable table;
    private final LongSupplier clock;
    private final Map<String, Conn> conns = new HashMap<>();
    private final Map<String, Template> templates = new HashMap<>();
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
        String skey = serviceKey(s);
        String ckey = protocol + " " + src + ":" + sport + " " + dst + ":" + dport;
        Conn c = conns.get(ckey);
        if (c != null && (c.expires <= now || !s.reals().contains(c.dest) || !c.service.equals(skey))) {
            conns.remove(ckey);
            c = null;
        }
        if (c != null && protocol == 6 && (tcpFlags & 0x02) != 0 && (tcpFlags & 0x10) == 0
                && (c.state == TW || c.state == CL)) {
            conns.remove(ckey); // a new SYN on a closed connection: a new connection (conn_reuse_mode)
            c = null;
        }
        if (c != null) {
            String before = stateName(protocol, c.state);
            touch(c, protocol, tcpFlags, now);
            Template t = s.persistence() > 0 ? templates.get(templateKey(s, src)) : null;
            if (t != null) {
                t.expires = Math.max(t.expires, now + s.persistence() * SECOND);
            }
            String st = stateName(protocol, c.state);
            return new Result(s, c.dest, "IPVS connection " + ckey.substring(ckey.indexOf(' ') + 1).replace(" ", " -> ")
                    + " (" + s.text() + ") forwards to real server " + c.dest.text() + " by masquerading ("
                    + (before.equals(st) ? st : before + " -> " + st) + ", expires in " + (c.expires - now) / SECOND + " s)");
        }
        if (s.reals().isEmpty()) {
            return new Result(s, null, "IPVS virtual service " + s.text() + " (" + s.scheduler()
                    + ") has no real server: ip_vs_leave answers ICMP port unreachable and drops the packet");
        }
        RealServer dest;
        String how;
        Template t = null;
        if (s.persistence() > 0) {
            String tkey = templateKey(s, src);
            t = templates.get(tkey);
            boolean alive = t != null && s.reals().contains(t.dest) && (t.expires > now || controls(t, s, src, now));
            if (alive) {
                dest = t.dest;
                how = "persistence template " + src + " -> " + s.address() + ":" + s.port() + " (session affinity, "
                        + s.persistence() + " s) keeps real server " + dest.text();
            } else {
                dest = schedule(s, src, dst);
                how = "scheduler " + s.scheduler() + " picks real server " + dest.text() + " and a new persistence"
                        + " template for client " + src + " (" + s.persistence() + " s)";
                t = new Template(dest);
                templates.put(tkey, t);
            }
            t.expires = now + s.persistence() * SECOND;
        } else {
            dest = schedule(s, src, dst);
            how = "scheduler " + s.scheduler() + " picks real server " + dest.text();
        }
        c = new Conn(skey, dest);
        c.state = NO;
        touch(c, protocol, tcpFlags, now);
        conns.put(ckey, c);
        return new Result(s, dest, "IPVS virtual service " + s.text() + ": " + how + " of " + s.reals().size()
                + "; new connection " + src + ":" + sport + " -> " + dst + ":" + dport + " -> " + dest.text()
                + " (masquerading, " + stateName(protocol, c.state) + ", expires in " + (c.expires - now) / SECOND + " s)");
    }

    private static String templateKey(VirtualService s, Ipv4Address client) {
        return client + " " + s.address() + ":" + s.port() + "/" + s.protocol();
    }

    /** A template does not expire while a connection it controls is alive. */
    private boolean controls(Template t, VirtualService s, Ipv4Address client, long now) {
        String prefix = s.protocol() + " " + client + ":";
        String suffix = " " + s.address() + ":" + s.port();
        for (Map.Entry<String, Conn> e : conns.entrySet()) {
            Conn c = e.getValue();
            if (c.dest.equals(t.dest) && c.expires > now && e.getKey().startsWith(prefix) && e.getKey().endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    private static String stateName(int protocol, int state) {
        return protocol == 6 ? STATE[state] : "UDP";
    }

    private static void touch(Conn c, int protocol, int flags, long now) {
        if (protocol == 6) {
            int row = (flags & 0x04) != 0 ? 3 : (flags & 0x02) != 0 ? 0 : (flags & 0x01) != 0 ? 1 : (flags & 0x10) != 0 ? 2 : -1;
            if (row >= 0) {
                c.state = INPUT[row][c.state];
            }
            c.expires = now + TIMEOUT[c.state] * SECOND;
        } else {
            c.state = ES;
            c.expires = now + (protocol == 17 ? UDP_TIMEOUT : TIMEOUT[ES]) * SECOND;
        }
    }

    // ---- schedulers -----------------------------------------------------------------------------

    private RealServer schedule(VirtualService s, Ipv4Address src, Ipv4Address dst) {
        List<RealServer> d = s.reals();
        switch (s.scheduler()) {
            case "rr" -> {
                return roundRobin(s, d);
            }
            case "wrr" -> {
                return weightedRoundRobin(s, d);
            }
            case "sh" -> {
                return d.get(hashBucket(src) % d.size());
            }
            case "dh" -> {
                return d.get(hashBucket(dst) % d.size());
            }
            case "nq" -> {
                for (RealServer r : d) {
                    if (r.weight() > 0 && count(s, r)[0] == 0) {
                        return r;
                    }
                }
                return leastOverhead(s, d, true);
            }
            case "sed" -> {
                return leastOverhead(s, d, true);
            }
            default -> {
                return leastOverhead(s, d, false); // lc, wlc
            }
        }
    }

    /** {@code ip_vs_rr_schedule}: the next real server after the last one picked, in list order. */
    private RealServer roundRobin(VirtualService s, List<RealServer> d) {
        int[] pos = position.computeIfAbsent(serviceKey(s), k -> new int[] {-1, 0});
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
    private RealServer weightedRoundRobin(VirtualService s, List<RealServer> d) {
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
        int[] st = position.computeIfAbsent(serviceKey(s), k -> new int[] {-1, max});
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

    /**
     * {@code ip_vs_wlc} / {@code ip_vs_lc} (overhead = active * 256 + inactive) and {@code ip_vs_sed}
     * (overhead = active + 1), compared as overhead / weight; the first in list order wins a tie.
     */
    private RealServer leastOverhead(VirtualService s, List<RealServer> d, boolean sed) {
        RealServer least = null;
        long loh = 0;
        for (RealServer r : d) {
            if (r.weight() <= 0) {
                continue;
            }
            int[] c = count(s, r);
            long oh = sed ? c[0] + 1L : ((long) c[0] << 8) + c[1];
            if (least == null || loh * r.weight() > oh * least.weight()) {
                least = r;
                loh = oh;
            }
        }
        return least == null ? d.get(0) : least;
    }

    /**
     * The kernel's source and destination hashing bucket ({@code ip_vs_sh_hashkey} without a port,
     * {@code ip_vs_dh_hashkey}): {@code hash_32(address, 8)}; bucket {@code i} of the 256 holds the
     * real server {@code i mod n} (weights of 1, in list order).
     */
    static int hashBucket(Ipv4Address a) {
        return (int) (((a.bits() & 0xffffffffL) * 0x61C88647L & 0xffffffffL) >>> 24);
    }

    /** {active, inactive} connections of {@code r} in service {@code s}; an ESTABLISHED TCP connection is active. */
    private int[] count(VirtualService s, RealServer r) {
        long now = clock.getAsLong();
        String skey = serviceKey(s);
        int[] out = new int[2];
        for (Conn c : conns.values()) {
            if (c.expires > now && c.service.equals(skey) && c.dest.equals(r)) {
                out[s.protocol() == 6 && c.state == ES ? 0 : 1]++;
            }
        }
        return out;
    }

    /** Per {@code "VIP:PORT/PROTO RIP:PORT"}, {active, inactive} connections now (for {@code ipvsadm -Ln}). */
    public Map<String, int[]> counts() {
        Map<String, int[]> out = new TreeMap<>();
        for (VirtualService s : table.services()) {
            for (RealServer r : s.reals()) {
                out.put(s.address() + ":" + s.port() + "/" + s.protocol() + " " + r.text(), count(s, r));
            }
        }
        return out;
    }

    /** The live connections as {@code ipvsadm -Lnc} lists them, sorted. */
    public List<String> connections() {
        long now = clock.getAsLong();
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, Conn> e : conns.entrySet()) {
            Conn c = e.getValue();
            if (c.expires <= now) {
                continue;
            }
            String[] f = e.getKey().split(" ");
            int proto = Integer.parseInt(f[0]);
            long left = (c.expires - now + SECOND - 1) / SECOND;
            sorted.put(e.getKey(), String.format(java.util.Locale.ROOT, "%-4s %02d:%02d  %-11s %-21s %-21s %s",
                    IpvsTable.protocolName(proto), left / 60, left % 60, stateName(proto, c.state), f[1], f[2], c.dest.text()));
        }
        return new ArrayList<>(new LinkedHashMap<>(sorted).values());
    }
}
