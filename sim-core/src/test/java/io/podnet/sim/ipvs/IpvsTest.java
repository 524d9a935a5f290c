package io.podnet.sim.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.net.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * IPVS against the kernel's documented behaviour: round robin in list order ({@code ip_vs_rr}),
 * the weighted round-robin sequence LVS documents for weights A:4, B:3, C:2 ("AABABCABC",
 * linuxvirtualserver.org, Job Scheduling Algorithms), least-connection, persistence templates,
 * and the default timeouts of {@code ip_vs_proto_tcp.c} / {@code ip_vs_proto_udp.c}.
 */
class IpvsTest {
    static final long S = 1_000_000_000L;
    static final Ipv4Address VIP = Ipv4Address.parse("10.96.0.10");
    static final Ipv4Address CLIENT = Ipv4Address.parse("10.244.1.2");
    static final int SYN = 0x02;
    static final int ACK = 0x10;

    private long now;

    private Ipvs ipvs(String text) {
        return new Ipvs(IpvsTable.parse(text), () -> now);
    }

    private static String service(String sched, String extra, String... reals) {
        StringBuilder sb = new StringBuilder("-A -t 10.96.0.10:80 -s " + sched + extra + "\n");
        for (String r : reals) {
            String[] f = r.split("/");
            sb.append("-a -t 10.96.0.10:80 -r ").append(f[0]).append(" -m -w ").append(f.length > 1 ? f[1] : "1").append('\n');
        }
        return sb.toString();
    }

    private static List<String> picks(Ipvs v, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(v.in(6, CLIENT, 40000 + i, VIP, 80, SYN).real().text());
        }
        return out;
    }

    @Test
    void roundRobinGoesThroughTheRealServersInListOrder() {
        Ipvs v = ipvs(service("rr", "", "10.244.2.8:8080", "10.244.3.9:8080", "10.244.1.7:8080"));
        assertEquals(List.of("10.244.2.8:8080", "10.244.3.9:8080", "10.244.1.7:8080", "10.244.2.8:8080"), picks(v, 4));
    }

    @Test
    void weightedRoundRobinFollowsTheLvsDocumentedSequence() {
        Ipvs v = ipvs(service("wrr", "", "10.0.0.1:80/4", "10.0.0.2:80/3", "10.0.0.3:80/2"));
        StringBuilder seq = new StringBuilder();
        for (String p : picks(v, 9)) {
            seq.append((char) ('A' + Integer.parseInt(p.substring(7, 8)) - 1));
        }
        assertEquals("AABABCABC", seq.toString());
    }

    @Test
    void leastConnectionAvoidsTheServerWithAnActiveConnection() {
        Ipvs v = ipvs(service("lc", "", "10.0.0.1:80", "10.0.0.2:80"));
        assertEquals("10.0.0.1:80", v.in(6, CLIENT, 1000, VIP, 80, SYN).real().text());
        v.in(6, CLIENT, 1000, VIP, 80, ACK); // SYN_RECV -> ESTABLISHED: an active connection
        assertEquals("10.0.0.2:80", v.in(6, CLIENT, 1001, VIP, 80, SYN).real().text());
    }

    @Test
    void sourceHashingKeepsAClientOnOneServer() {
        Ipvs v = ipvs(service("sh", "", "10.0.0.1:80", "10.0.0.2:80", "10.0.0.3:80"));
        String first = v.in(6, CLIENT, 1000, VIP, 80, SYN).real().text();
        for (int p = 1001; p < 1010; p++) {
            assertEquals(first, v.in(6, CLIENT, p, VIP, 80, SYN).real().text());
        }
        int bucket = Ipvs.hashBucket(CLIENT);
        assertTrue(bucket >= 0 && bucket < 256);
        assertEquals("10.0.0." + (bucket % 3 + 1) + ":80", first);
    }

    @Test
    void anEstablishedConnectionStaysOnItsServerAndExpiresAfterTheKernelTimeout() {
        Ipvs v = ipvs(service("rr", "", "10.0.0.1:80", "10.0.0.2:80"));
        Ipvs.Result syn = v.in(6, CLIENT, 1000, VIP, 80, SYN);
        assertTrue(syn.explanation().contains("SYN_RECV, expires in 60 s"), syn.explanation());
        now = 10 * S;
        Ipvs.Result ack = v.in(6, CLIENT, 1000, VIP, 80, ACK);
        assertEquals(syn.real(), ack.real());
        assertTrue(ack.explanation().contains("SYN_RECV -> ESTABLISHED, expires in 900 s"), ack.explanation());
        now = 10 * S + 900 * S; // the 15-minute ESTABLISHED timeout has run out
        Ipvs.Result later = v.in(6, CLIENT, 1000, VIP, 80, ACK);
        assertTrue(later.explanation().startsWith("IPVS virtual service"), "scheduled again: " + later.explanation());
    }

    @Test
    void udpConnectionsLastFiveMinutes() {
        Ipvs v = new Ipvs(IpvsTable.parse("-A -u 10.96.0.10:53 -s rr\n-a -u 10.96.0.10:53 -r 10.0.0.1:53 -m -w 1\n"
                + "-a -u 10.96.0.10:53 -r 10.0.0.2:53 -m -w 1\n"), () -> now);
        assertEquals("10.0.0.1:53", v.in(17, CLIENT, 5353, VIP, 53, 0).real().text());
        now = 299 * S;
        assertEquals("10.0.0.1:53", v.in(17, CLIENT, 5353, VIP, 53, 0).real().text());
        now = 299 * S + 300 * S;
        assertEquals("10.0.0.2:53", v.in(17, CLIENT, 5353, VIP, 53, 0).real().text());
    }

    @Test
    void persistenceKeepsTheClientOnItsServerUntilTheTemplateTimesOut() {
        Ipvs v = ipvs(service("rr", " -p 10", "10.0.0.1:80", "10.0.0.2:80"));
        assertEquals("10.0.0.1:80", v.in(6, CLIENT, 1000, VIP, 80, SYN).real().text());
        now = 5 * S;
        Ipvs.Result again = v.in(6, CLIENT, 1001, VIP, 80, SYN);
        assertEquals("10.0.0.1:80", again.real().text());
        assertTrue(again.explanation().contains("persistence template"), again.explanation());
        assertEquals("10.0.0.2:80", v.in(6, Ipv4Address.parse("10.244.1.3"), 1000, VIP, 80, SYN).real().text());
        now = 5 * S + 61 * S; // template (10 s) and its connections (SYN_RECV, 60 s) expired
        assertEquals("10.0.0.1:80", v.in(6, CLIENT, 1002, VIP, 80, SYN).real().text(), "round robin goes on");
    }

    @Test
    void aServiceWithoutRealServersAndOtherPortsAnswerAsTheKernelDoes() {
        Ipvs v = ipvs(service("rr", ""));
        Ipvs.Result r = v.in(6, CLIENT, 1000, VIP, 80, SYN);
        assertNotNull(r);
        assertNull(r.real());
        assertTrue(r.explanation().contains("ICMP port unreachable"));
        assertNull(v.in(6, CLIENT, 1000, VIP, 81, SYN), "no virtual service: local delivery");
    }

    @Test
    void tableTextRoundTripsAndListsAsIpvsadm() {
        String text = "-A -t 10.96.0.10:80 -s rr -p 10800\n-a -t 10.96.0.10:80 -r 10.244.2.8:8080 -m -w 1\n"
                + "-A -u 10.96.0.10:53 -s rr\n";
        IpvsTable t = IpvsTable.parse(text);
        assertEquals(text, t.save());
        String listing = t.listing(null);
        assertTrue(listing.contains("TCP  10.96.0.10:80 rr persistent 10800\n"), listing);
        assertTrue(listing.contains("  -> 10.244.2.8:8080              Masq    1      0          0\n"), listing);
        IpvsTable.ParseException e = assertThrows(IpvsTable.ParseException.class,
                () -> IpvsTable.parse("-A -t 10.96.0.10:80 -s rr\n-a -t 10.96.0.11:80 -r 1.2.3.4:80 -m\n"));
        assertEquals(2, e.line());
        assertThrows(IpvsTable.ParseException.class, () -> IpvsTable.parse("-A -t 10.96.0.10:80 -s mh\n"));
    }
}
