package io.podnet.sim.netfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.engine.Durations;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.TcpHeader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code -m recent} against the kernel's xt_recent.c (recent_mt, recent_entry_init/update/reap,
 * recent_mt_check) and libxt_recent's option rules; the affinity rules are the ones upstream
 * kube-proxy's proxier writes for {@code sessionAffinity: ClientIP}.
 */
class XtRecentTest {
    final Engine engine = new Engine();
    final Tracer tracer = new Tracer(engine);
    long ids;
    int port = 40000;

    static String filter(String... rules) {
        return "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n" + String.join("\n", rules)
                + "\nCOMMIT\n";
    }

    Netfilter nf(String text) {
        return new Netfilter(Ruleset.parse(text), new Conntrack(engine), new SplittableRandom(1), NetfilterContext.NONE,
                tracer, "ns");
    }

    PacketBuffer syn(String src, String dst, int dport) {
        return new PacketBuffer(++ids, "f", Packet.of(new byte[0], Ipv4Header.of(Ipv4Address.parse(src),
                Ipv4Address.parse(dst), 6, 64, 1), TcpHeader.of(port++, dport, 1, 0, TcpHeader.SYN, 65535)));
    }

    boolean accepted(Netfilter n, String src) {
        return n.hook(Hook.INPUT, syn(src, "10.0.0.1", 22), "eth0", null).accepted();
    }

    void at(long seconds) {
        engine.runUntil(seconds * Durations.S);
    }

    /** The classic SSH limiter: the 5th new connection within 60 s is dropped; stamps older than 60 s stop counting. */
    @Test
    void hitcountWithinSecondsDropsTheFifthAttempt() {
        Netfilter n = nf(filter(
                "-A INPUT -p tcp --dport 22 -m recent --name SSH --rcheck --seconds 60 --hitcount 4 -j DROP",
                "-A INPUT -p tcp --dport 22 -m recent --name SSH --set"));
        for (int i = 0; i < 4; i++) {
            at(i);
            assertTrue(accepted(n, "192.0.2.7"), "attempt " + (i + 1));
        }
        at(10);
        assertFalse(accepted(n, "192.0.2.7"), "4 stamps within 60 s");
        assertTrue(accepted(n, "192.0.2.8"), "another source has its own entry");
        // at 62 s the stamps of 0, 1 s are older than 60 s: 2 s, 3 s remain (10 s was dropped before --set)
        at(62);
        assertTrue(accepted(n, "192.0.2.7"));
    }

    /** --update refreshes the stamps only when it matches, so a steady attacker stays blocked. */
    @Test
    void updateRefreshesOnlyWhenItMatches() {
        Netfilter n = nf(filter(
                "-A INPUT -p tcp --dport 22 -m recent --name B --update --seconds 10 -j DROP",
                "-A INPUT -p tcp --dport 22 -m recent --name B --set"));
        assertTrue(accepted(n, "192.0.2.1"));
        at(5);
        assertFalse(accepted(n, "192.0.2.1"));
        at(14);
        assertFalse(accepted(n, "192.0.2.1"), "the drop at 5 s updated the stamp");
        at(25);
        assertTrue(accepted(n, "192.0.2.1"), "last stamp 14 s is older than 10 s");
    }

    @Test
    void removeAndInvert() {
        Netfilter n = nf(filter(
                "-A INPUT -p tcp --dport 22 -m recent --name R ! --rcheck -j DROP",
                "-A INPUT -p tcp --dport 22 -m recent --name R --remove"));
        RecentTables r = n.recent();
        r.table("R").add(Ipv4Address.parse("192.0.2.9").bits(), 64, engine.now());
        assertFalse(accepted(n, "192.0.2.1"), "! --rcheck matches an unknown address");
        assertTrue(accepted(n, "192.0.2.9"), "known: not dropped, then removed");
        assertFalse(accepted(n, "192.0.2.9"), "--remove forgot it");
        assertEquals(List.of(), r.addresses("R"));
    }

    @Test
    void maskAndDestinationSide() {
        Netfilter n = nf(filter(
                "-A INPUT -m recent --name M --mask 255.255.255.0 --rsource --set",
                "-A INPUT -m recent --name D --rdest --set"));
        accepted(n, "192.0.2.1");
        accepted(n, "192.0.2.200");
        accepted(n, "198.51.100.3");
        assertEquals(List.of("192.0.2.0", "198.51.100.0"), n.recent().addresses("M"));
        assertEquals(List.of("10.0.0.1"), n.recent().addresses("D"));
    }

    /** ip_list_tot: the 101st address evicts the least recently updated one (the head of lru_list). */
    @Test
    void listHoldsOneHundredAddressesAndEvictsTheLeastRecentlyUpdated() {
        Netfilter n = nf(filter("-A INPUT -m recent --name L --set"));
        for (int i = 0; i < 100; i++) {
            accepted(n, "10.1.0." + i);
        }
        accepted(n, "10.1.0.0"); // updated: moves to the tail, 10.1.0.1 is now the oldest
        accepted(n, "10.1.1.0");
        List<String> a = n.recent().addresses("L");
        assertEquals(100, a.size());
        assertFalse(a.contains("10.1.0.1"));
        assertTrue(a.contains("10.1.0.0"));
        assertEquals("10.1.1.0", a.get(99));
    }

    /** --reap drops the least recently updated entry once its last stamp is older than --seconds. */
    @Test
    void reapForgetsTheOldestExpiredEntry() {
        Netfilter n = nf(filter(
                "-A INPUT -p tcp --dport 22 -m recent --name P --rcheck --seconds 5 --reap -j ACCEPT",
                "-A INPUT -p tcp --dport 22 -m recent --name P --set"));
        accepted(n, "192.0.2.1");
        at(3);
        accepted(n, "192.0.2.2"); // rcheck misses, reap sees .1 (stamp 0 s, not older than -2 s), set
        assertEquals(List.of("192.0.2.1", "192.0.2.2"), n.recent().addresses("P"));
        at(7);
        accepted(n, "192.0.2.3"); // unknown: --rcheck does not reap without an entry
        assertEquals(List.of("192.0.2.1", "192.0.2.2", "192.0.2.3"), n.recent().addresses("P"));
        assertTrue(accepted(n, "192.0.2.2")); // found (3 s >= 2 s), reap: .1's stamp 0 s < 2 s
        assertEquals(List.of("192.0.2.2", "192.0.2.3"), n.recent().addresses("P"));
    }

    /** kube-proxy's ClientIP affinity: a client sticks to the endpoint its first connection chose. */
    @Test
    void sessionAffinitySticksForTheTimeoutThenRebalances() {
        String nat = """
                *nat
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING ACCEPT [0:0]
                :KUBE-SVC-A - [0:0]
                :KUBE-SEP-1 - [0:0]
                :KUBE-SEP-2 - [0:0]
                :KUBE-SEP-3 - [0:0]
                -A PREROUTING -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-A
                -A KUBE-SVC-A -m recent --name KUBE-SEP-1 --mask 255.255.255.255 --rsource --rcheck --seconds 10800 --reap -j KUBE-SEP-1
                -A KUBE-SVC-A -m recent --name KUBE-SEP-2 --mask 255.255.255.255 --rsource --rcheck --seconds 10800 --reap -j KUBE-SEP-2
                -A KUBE-SVC-A -m recent --name KUBE-SEP-3 --mask 255.255.255.255 --rsource --rcheck --seconds 10800 --reap -j KUBE-SEP-3
                -A KUBE-SVC-A -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-1
                -A KUBE-SVC-A -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-2
                -A KUBE-SVC-A -j KUBE-SEP-3
                -A KUBE-SEP-1 -p tcp -m recent --name KUBE-SEP-1 --set -m tcp -j DNAT --to-destination 10.244.1.5:8080
                -A KUBE-SEP-2 -p tcp -m recent --name KUBE-SEP-2 --set -m tcp -j DNAT --to-destination 10.244.2.5:8080
                -A KUBE-SEP-3 -p tcp -m recent --name KUBE-SEP-3 --set -m tcp -j DNAT --to-destination 10.244.3.5:8080
                COMMIT
                """;
        Netfilter n = nf(nat);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            at(i * 60L);
            PacketBuffer b = syn("10.244.9.9", "10.96.0.10", 80);
            assertTrue(n.hook(Hook.PREROUTING, b, "cni0", null).accepted());
            seen.add(b.packet().first(Ipv4Header.class).dst().toString());
        }
        assertEquals(1, seen.size(), "20 connections from one client: " + seen);
        // the last --set was at 1140 s; 10800 s later the entry is too old and --reap forgets it
        at(1140 + 10800 + 1);
        Set<String> later = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            PacketBuffer b = syn("10.244.8." + i, "10.96.0.10", 80);
            n.hook(Hook.PREROUTING, b, "cni0", null);
            later.add(b.packet().first(Ipv4Header.class).dst().toString());
        }
        assertEquals(3, later.size(), "60 different clients are balanced over all endpoints: " + later);
    }

    /** A reload keeps a list that the new ruleset still names and forgets the others (checkentry/destroy). */
    @Test
    void reloadKeepsListsStillNamed() {
        String a = filter("-A INPUT -m recent --name KEEP --set", "-A INPUT -m recent --name GONE --set");
        Netfilter n = nf(a);
        accepted(n, "192.0.2.1");
        RecentTables r = n.recent();
        new Netfilter(Ruleset.parse(filter("-A INPUT -m recent --name KEEP --rcheck")), n.conntrack(), r,
                new SplittableRandom(1), NetfilterContext.NONE, tracer, "ns");
        assertEquals(List.of("192.0.2.1"), r.addresses("KEEP"));
        assertEquals(List.of(), r.addresses("GONE"));
    }

    @Test
    void refusesWhatIptablesAndTheKernelRefuse() {
        assertRefused("-A INPUT -m recent --name X", "without --set, --rcheck, --update or --remove");
        assertRefused("-A INPUT -m recent --set --rcheck", "one of --set, --rcheck");
        assertRefused("-A INPUT -m recent --set --seconds 5", "only go with --rcheck or --update");
        assertRefused("-A INPUT -m recent --rcheck --reap", "--reap needs --seconds");
        assertRefused("-A INPUT -m recent --set --rttl", "only go with --rcheck or --update");
        assertRefused("-A INPUT -m recent --rcheck --seconds 0", "at least 1");
        assertRefused("-A INPUT -m recent --rcheck --hitcount 65536", "larger than the kernel allows");
        assertRefused("-A INPUT -m recent --rcheck --mask 255.0.0.300", "not a netmask");
        assertRefused("-A INPUT -m recent --rcheck ! --name X", "cannot be negated");
        assertRefused("-A INPUT -m recent --name a/b --set", "contains '/'");
    }

    static void assertRefused(String rule, String why) {
        ParseException e = assertThrows(ParseException.class, () -> Ruleset.parse(filter(rule)));
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertTrue(e.getMessage().contains(":5:") || e.line() == 5, e.getMessage());
    }
}
