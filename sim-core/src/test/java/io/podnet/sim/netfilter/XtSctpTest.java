package io.podnet.sim.netfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.engine.Engine;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code -p sctp}/{@code -m sctp} against xt_sctp (ports from the SCTP common header, RFC 9260
 * section 3.1; chunk walk of match_packet for --chunk-types all/any/only) and {@code -m nfacct}.
 */
class XtSctpTest {
    final Engine engine = new Engine();
    long ids;

    Netfilter nf(String... rules) {
        return new Netfilter(Ruleset.parse(XtRecentTest.filter(rules)), new Conntrack(engine), new SplittableRandom(1),
                NetfilterContext.NONE, new Tracer(engine), "ns");
    }

    /** An SCTP packet: common header (ports, verification tag, checksum) and chunks {type, flags} of 4 bytes each. */
    PacketBuffer sctp(int sport, int dport, int... chunks) {
        byte[] b = new byte[12 + 4 * (chunks.length / 2)];
        b[0] = (byte) (sport >> 8);
        b[1] = (byte) sport;
        b[2] = (byte) (dport >> 8);
        b[3] = (byte) dport;
        for (int i = 0; i < chunks.length / 2; i++) {
            b[12 + 4 * i] = (byte) chunks[2 * i];
            b[13 + 4 * i] = (byte) chunks[2 * i + 1];
            b[15 + 4 * i] = 4;
        }
        return new PacketBuffer(++ids, "s", Packet.of(b, Ipv4Header.of(Ipv4Address.parse("10.0.0.2"),
                Ipv4Address.parse("10.0.0.1"), 132, 64, 1)));
    }

    boolean dropped(Netfilter n, PacketBuffer b) {
        return !n.hook(Hook.INPUT, b, "eth0", null).accepted();
    }

    @Test
    void portsAndRangesWithNegation() {
        Netfilter n = nf("-A INPUT -p sctp -m sctp --dport 36412:36413 ! --sport 5000 -j DROP");
        assertTrue(dropped(n, sctp(4000, 36412, 1, 0)));
        assertTrue(dropped(n, sctp(4000, 36413, 1, 0)));
        assertFalse(dropped(n, sctp(5000, 36412, 1, 0)), "! --sport 5000");
        assertFalse(dropped(n, sctp(4000, 36414, 1, 0)));
    }

    @Test
    void protocolSctpLoadsTheMatchImplicitly() {
        Netfilter n = nf("-A INPUT -p sctp --dport 80 -j DROP", "-A INPUT -p 132 -j ACCEPT");
        assertTrue(dropped(n, sctp(1, 80)));
        assertFalse(dropped(n, sctp(1, 81)));
    }

    @Test
    void chunkTypes() {
        Netfilter all = nf("-A INPUT -p sctp -m sctp --chunk-types all INIT,DATA -j DROP");
        assertTrue(dropped(all, sctp(1, 2, 1, 0, 0, 3)));
        assertFalse(dropped(all, sctp(1, 2, 1, 0)));
        Netfilter any = nf("-A INPUT -p sctp -m sctp --chunk-types any ABORT:T,SHUTDOWN -j DROP");
        assertTrue(dropped(any, sctp(1, 2, 0, 0, 6, 1)), "ABORT with T set");
        assertFalse(dropped(any, sctp(1, 2, 0, 0, 6, 0)), "ABORT with T unset");
        Netfilter only = nf("-A INPUT -p sctp -m sctp --chunk-types only DATA:be,SACK -j DROP");
        assertTrue(dropped(only, sctp(1, 2, 0, 0, 3, 0)));
        assertFalse(dropped(only, sctp(1, 2, 0, 1, 3, 0)), "DATA with E set is not DATA:be");
        assertFalse(dropped(only, sctp(1, 2, 0, 0, 4, 0)), "HEARTBEAT is not listed");
        Netfilter inv = nf("-A INPUT -p sctp -m sctp ! --chunk-types any INIT -j DROP");
        assertTrue(dropped(inv, sctp(1, 2, 0, 0)));
        assertFalse(dropped(inv, sctp(1, 2, 1, 0)));
    }

    @Test
    void aPacketShorterThanTheCommonHeaderNeverMatches() {
        Netfilter n = nf("-A INPUT -p sctp -m sctp --dport 0:65535 -j DROP");
        PacketBuffer tiny = new PacketBuffer(++ids, "s", Packet.of(new byte[8], Ipv4Header.of(
                Ipv4Address.parse("10.0.0.2"), Ipv4Address.parse("10.0.0.1"), 132, 64, 1)));
        assertFalse(dropped(n, tiny));
    }

    @Test
    void refusesWhatIptablesRefuses() {
        XtRecentTest.assertRefused("-A INPUT -m sctp --dport 80", "-m sctp only works with -p sctp");
        XtRecentTest.assertRefused("-A INPUT -p sctp -m sctp --chunk-types some DATA", "unknown --chunk-types mode");
        XtRecentTest.assertRefused("-A INPUT -p sctp -m sctp --chunk-types any BOGUS", "unknown SCTP chunk type 'BOGUS'");
        XtRecentTest.assertRefused("-A INPUT -p sctp -m sctp --chunk-types any INIT:T", "flag 'T' is not defined");
        XtRecentTest.assertRefused("-A INPUT -m nfacct", "without --nfacct-name");
    }

    @Test
    void nfacctCountsAndAlwaysMatches() {
        Netfilter n = nf("-A INPUT -m nfacct --nfacct-name localhost_nps_accepted_pkts -j DROP");
        assertTrue(dropped(n, sctp(1, 2, 1, 0)));
        assertTrue(dropped(n, sctp(1, 2)));
        assertEquals(2, n.accounting().packets("localhost_nps_accepted_pkts"));
        assertEquals(20 + 16 + 20 + 12, n.accounting().bytes("localhost_nps_accepted_pkts"));
    }
}
