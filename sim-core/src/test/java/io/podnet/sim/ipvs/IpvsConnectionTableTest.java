package io.podnet.sim.ipvs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.net.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The connection table against the kernel: per-destination {@code activeconns}/{@code inactconns}
 * as {@code set_tcp_state} moves them (a new connection starts inactive, {@code IP_VS_CONN_F_INACTIVE}
 * from its destination; entering a state of {@code tcp_state_active_table} — SYN_SENT, SYN_RECV,
 * ESTABLISHED, SYNACK — makes it active, leaving them inactive; UDP stays inactive), the schedulers' formulas over those counters
 * ({@code ip_vs_lc.c}: least {@code active*256 + inactive}, weights only excluding;
 * {@code ip_vs_wlc.c}: least overhead/weight by cross-multiplication; {@code ip_vs_sed.c}:
 * {@code (active+1)/weight}; {@code ip_vs_nq.c}: the first idle server, else as sed), expiry at
 * {@code tcp_timeouts} / the UDP timeout, persistence templates held while they control a
 * connection ({@code n_control}), and a long run whose table stays the size of its live state.
 */
class IpvsConnectionTableTest {
    static final long S = 1_000_000_000L;
    static final Ipv4Address VIP = Ipv4Address.parse("10.96.0.10");
    static final Ipv4Address CLIENT = Ipv4Address.parse("10.244.1.2");
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int ACK = 0x10;

    private long now;

    private Ipvs ipvs(String sched, String extra, int... weights) {
        StringBuilder sb = new StringBuilder("-A -t 10.96.0.10:80 -s " + sched + extra + "\n");
        for (int i = 0; i < weights.length; i++) {
            sb.append("-a -t 10.96.0.10:80 -r 10.0.0.").append(i + 1).append(":80 -m -w ").append(weights[i]).append('\n');
        }
        return new Ipvs(IpvsTable.parse(sb.toString()), () -> now);
    }

    private static int[] counts(Ipvs v, int server) {
        return v.counts().get("10.96.0.10:80/6 10.0.0." + server + ":80");
    }

    private static int pick(Ipvs v, int sport) {
        String t = v.in(6, CLIENT, sport, VIP, 80, SYN).real().text();
        return Integer.parseInt(t.substring(t.lastIndexOf('.') + 1, t.indexOf(':')));
    }

    @Test
    void countersFollowTheKernelsInactiveFlag() {
        Ipvs v = ipvs("rr", "", 1);
        v.in(6, CLIENT, 1000, VIP, 80, SYN);
        assertArrayEquals(new int[] {1, 0}, counts(v, 1), "SYN_RECV: active");
        v.in(6, CLIENT, 1000, VIP, 80, ACK);
        assertArrayEquals(new int[] {1, 0}, counts(v, 1), "ESTABLISHED: active");
        v.in(6, CLIENT, 1000, VIP, 80, FIN | ACK);
        assertArrayEquals(new int[] {0, 1}, counts(v, 1), "CLOSE_WAIT: inactive again");
        v.in(6, CLIENT, 1001, VIP, 80, SYN);
        v.in(6, CLIENT, 1001, VIP, 80, ACK);
        v.in(6, CLIENT, 1001, VIP, 80, RST);
        assertArrayEquals(new int[] {0, 2}, counts(v, 1), "CLOSE: inactive");
        v.in(6, CLIENT, 1002, VIP, 80, SYN);
        v.in(6, CLIENT, 1002, VIP, 80, FIN);
        assertArrayEquals(new int[] {0, 3}, counts(v, 1), "SYN_RECV -> TIME_WAIT: inactive");

        Ipvs u = new Ipvs(IpvsTable.parse("-A -u 10.96.0.10:53 -s rr\n-a -u 10.96.0.10:53 -r 10.0.0.1:53 -m -w 1\n"), () -> now);
        u.in(17, CLIENT, 5353, VIP, 53, 0);
        u.in(17, CLIENT, 5353, VIP, 53, 0);
        assertArrayEquals(new int[] {0, 1}, u.counts().get("10.96.0.10:53/17 10.0.0.1:53"), "UDP is never active");
    }

    @Test
    void leastConnectionIgnoresWeightsAndWeightedLeastConnectionDividesByThem() {
        // server 1 (weight 300) gets one ESTABLISHED connection (overhead 256), server 2 (weight 1)
        // one connection gone to TIME_WAIT (inactive: overhead 1)
        for (String sched : List.of("lc", "wlc")) {
            Ipvs v = ipvs(sched, "", 300, 1);
            assertEquals(1, pick(v, 1000), sched);
            v.in(6, CLIENT, 1000, VIP, 80, ACK);
            assertEquals(2, pick(v, 1001), sched + ": 0 < 256");
            v.in(6, CLIENT, 1001, VIP, 80, FIN);
            // lc: 1 < 256; wlc: 256 * 1 > 1 * 300 is false, so server 1 stays the least
            assertEquals(sched.equals("lc") ? 2 : 1, pick(v, 1002), sched);
        }
    }

    @Test
    void weightZeroIsQuiescedForEveryLeastConnectionScheduler() {
        for (String sched : List.of("lc", "wlc", "sed", "nq")) {
            Ipvs v = ipvs(sched, "", 0, 1);
            for (int p = 0; p < 5; p++) {
                assertEquals(2, pick(v, 1000 + p), sched);
            }
        }
    }

    /**
     * Random opens, handshakes and resets; before each new connection the expected real server is
     * computed from the test's own count of active and inactive connections with the kernel's
     * formula for the scheduler.
     */
    @Test
    void schedulersPickByTheKernelsFormulas() {
        int[] weights = {3, 1, 2, 0, 5, 2};
        for (String sched : List.of("lc", "wlc", "sed", "nq")) {
            Ipvs v = ipvs(sched, "", weights);
            Random rnd = new Random(7);
            int[] active = new int[weights.length];
            int[] inactive = new int[weights.length];
            List<int[]> open = new ArrayList<>(); // {sport, server index, established 0/1}
            int sport = 1000;
            for (int step = 0; step < 3000; step++) {
                int op = rnd.nextInt(10);
                if (op < 5 || open.isEmpty()) {
                    int expected = kernelPick(sched, weights, active, inactive);
                    int got = pick(v, sport) - 1;
                    assertEquals(expected, got, sched + " step " + step);
                    active[got]++; // SYN_RECV is active
                    open.add(new int[] {sport++, got, 0});
                } else {
                    int[] c = open.get(rnd.nextInt(open.size()));
                    if (op < 7 && c[2] == 0) {
                        v.in(6, CLIENT, c[0], VIP, 80, ACK); // SYN_RECV -> ESTABLISHED: still active
                        c[2] = 1;
                    } else if (op < 8 && c[2] == 0) {
                        v.in(6, CLIENT, c[0], VIP, 80, FIN); // SYN_RECV -> TIME_WAIT
                        active[c[1]]--;
                        inactive[c[1]]++;
                        c[2] = 2;
                    } else if (c[2] == 1) {
                        v.in(6, CLIENT, c[0], VIP, 80, RST); // ESTABLISHED -> CLOSE
                        active[c[1]]--;
                        inactive[c[1]]++;
                        c[2] = 2;
                    }
                }
            }
            for (int i = 0; i < weights.length; i++) {
                assertArrayEquals(new int[] {active[i], inactive[i]}, counts(v, i + 1), sched + " server " + (i + 1));
            }
        }
    }

    /** The kernel's choice, written from ip_vs_{lc,wlc,sed,nq}.c: list order, weight 0 skipped. */
    private static int kernelPick(String sched, int[] w, int[] active, int[] inactive) {
        int least = -1;
        long loh = 0;
        for (int i = 0; i < w.length; i++) {
            if (w[i] == 0) {
                continue;
            }
            long doh = switch (sched) {
                case "lc", "wlc" -> active[i] * 256L + inactive[i];
                default -> active[i] + 1L; // sed, nq
            };
            if (sched.equals("nq") && active[i] == 0) {
                return i;
            }
            boolean better = sched.equals("lc") ? doh < loh : loh * w[i] > doh * w[least == -1 ? i : least];
            if (least == -1 || better) {
                least = i;
                loh = doh;
            }
        }
        return least;
    }

    /** Each state's timeout from the kernel's tcp_timeouts: present 1 ns before, gone at it. */
    @Test
    void connectionsLeaveTheTableAtTheKernelsTimeouts() {
        // flags sent after the SYN, and the timeout (s) of the state they lead to
        Object[][] cases = {
            {new int[] {}, 60},                      // SYN_RECV
            {new int[] {ACK}, 900},                  // ESTABLISHED
            {new int[] {ACK, FIN | ACK}, 60},        // CLOSE_WAIT
            {new int[] {ACK, RST}, 10},              // CLOSE
            {new int[] {ACK, FIN, ACK}, 60},         // CLOSE_WAIT stays on ACK
            {new int[] {FIN}, 120},                  // SYN_RECV + fin: TIME_WAIT
            {new int[] {ACK, FIN, FIN}, 60},         // CLOSE_WAIT stays on FIN
            {new int[] {RST}, 60},                   // SYN_RECV stays on RST
        };
        for (Object[] k : cases) {
            now = 0;
            Ipvs v = ipvs("rr", "", 1);
            v.in(6, CLIENT, 1000, VIP, 80, SYN);
            for (int f : (int[]) k[0]) {
                now += S;
                v.in(6, CLIENT, 1000, VIP, 80, f);
            }
            long last = now;
            long timeout = (int) k[1] * S;
            now = last + timeout - 1;
            assertEquals(1, v.connectionCount(), "alive before " + k[1] + " s");
            assertEquals(1, counts(v, 1)[0] + counts(v, 1)[1]);
            now = last + timeout;
            assertEquals(0, v.connectionCount(), "gone at " + k[1] + " s");
            assertArrayEquals(new int[] {0, 0}, counts(v, 1));
            assertEquals(0, v.entries(), "nothing left behind");
        }
        now = 0;
        Ipvs u = new Ipvs(IpvsTable.parse("-A -u 10.96.0.10:53 -s rr\n-a -u 10.96.0.10:53 -r 10.0.0.1:53 -m -w 1\n"), () -> now);
        u.in(17, CLIENT, 5353, VIP, 53, 0);
        now = 300 * S - 1;
        assertEquals(1, u.connectionCount());
        now = 300 * S;
        assertEquals(0, u.connectionCount(), "UDP: 300 s");
        assertEquals(0, u.entries());
    }

    @Test
    void aTemplateLivesWhileAConnectionItControlsIsAlive() {
        Ipvs v = ipvs("rr", " -p 10", 1, 1);
        assertEquals(1, pick(v, 1000));
        v.in(6, CLIENT, 1000, VIP, 80, ACK); // ESTABLISHED, 900 s
        now = 100 * S; // template's 10 s long gone, its connection alive
        assertEquals(1, v.templateCount());
        Ipvs.Result r = v.in(6, CLIENT, 1001, VIP, 80, SYN);
        assertEquals("10.0.0.1:80", r.real().text());
        assertTrue(r.explanation().contains("persistence template"), r.explanation());
        v.in(6, CLIENT, 1000, VIP, 80, RST); // CLOSE, 10 s
        v.in(6, CLIENT, 1001, VIP, 80, ACK);
        v.in(6, CLIENT, 1001, VIP, 80, RST);
        now = 100 * S + 10 * S;
        assertEquals(0, v.connectionCount());
        assertEquals(0, v.templateCount(), "no controlled connection left: the template expires");
        assertEquals(2, pick(v, 1002), "scheduled afresh: round robin goes on");
    }

    /**
     * 30 000 connections from 12 000 clients over 300 simulated seconds: the table holds the
     * connections of the last 10 s (CLOSE) and the templates of the last 60 s, never the run.
     */
    @Test
    void aLongRunKeepsOnlyItsLiveState() {
        Ipvs v = ipvs("wlc", " -p 60", 1, 2, 3);
        int maxConns = 0;
        int maxTemplates = 0;
        int maxEntries = 0;
        for (int i = 0; i < 30_000; i++) {
            now = i * (S / 100); // 100 new connections a second
            Ipv4Address client = Ipv4Address.parse("10.1." + (i / 200 % 60) + "." + (i % 200));
            v.in(6, client, 30000 + i % 20000, VIP, 80, SYN);
            v.in(6, client, 30000 + i % 20000, VIP, 80, ACK);
            v.in(6, client, 30000 + i % 20000, VIP, 80, RST); // CLOSE: 10 s
            if (i % 1000 == 999) {
                maxConns = Math.max(maxConns, v.connectionCount());
                maxTemplates = Math.max(maxTemplates, v.templateCount());
                maxEntries = Math.max(maxEntries, v.entries());
            }
        }
        // CLOSE lasts 10 s and a template 60 s after its last use: 100 a second of each
        assertEquals(1000, maxConns, "connections");
        assertEquals(6000, maxTemplates, "templates");
        assertTrue(maxEntries <= 2 * 1000 + 2 * 6000 + 3 + 1000, "entries " + maxEntries);
        now += 61 * S;
        assertEquals(0, v.connectionCount());
        assertEquals(0, v.templateCount());
        assertEquals(0, v.entries(), "counters, control counts and queues empty too");
    }
}
