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

    /** xt_multiport takes SCTP ports too (iptables: "multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP"). */
    @Test
    void multiportMatchesSctpPorts() {
        Netfilter n = nf("-A INPUT -p sctp -m multiport --dports 2905,3868 -j DROP");
        assertTrue(dropped(n, sctp(1, 3868, 1, 0)));
        assertFalse(dropped(n, sctp(1, 3869, 1, 0)));
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

    /** RFC 3720 B.4: CRC32c of 32 zero bytes is transmitted as aa 36 91 8a (the byte order SCTP uses, RFC 9260 app. A). */
    @Test
    void checksumAfterAPortRewriteIsTheCrc32cInTransmissionOrder() {
        byte[] b = new byte[32];
        b[1] = 1;
        b[3] = 1;
        byte[] n = XtSctp.withPorts(b, 0, 0);
        assertEquals(java.util.List.of((byte) 0xaa, (byte) 0x36, (byte) 0x91, (byte) 0x8a),
                java.util.List.of(n[8], n[9], n[10], n[11]));
        assertTrue(XtSctp.withPorts(n, 0, 0) == n, "unchanged ports leave the packet as it is");
    }

    /** DNAT of an SCTP service port to another target port: conntrack tracks SCTP by ports, the reply is reversed. */
    @Test
    void dnatRewritesTheSctpPortAndTheReplyIsReversed() {
        String nat = """
                *nat
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING ACCEPT [0:0]
                -A PREROUTING -d 10.0.0.1/32 -p sctp -m sctp --dport 2905 -j DNAT --to-destination 10.244.1.5:3868
                COMMIT
                """;
        Netfilter n = new Netfilter(Ruleset.parse(nat), new Conntrack(engine), new SplittableRandom(1),
                NetfilterContext.NONE, new Tracer(engine), "ns");
        PacketBuffer init = sctp(40000, 2905, 1, 0);
        assertTrue(n.hook(Hook.PREROUTING, init, "eth0", null).accepted());
        assertTrue(n.hook(Hook.POSTROUTING, init, null, "eth1").accepted());
        Packet p = init.packet();
        assertEquals("10.244.1.5", p.first(Ipv4Header.class).dst().toString());
        byte[] b = p.payload();
        assertEquals(3868, (b[2] & 0xff) << 8 | (b[3] & 0xff));
        byte[] zeroed = b.clone();
        java.util.Arrays.fill(zeroed, 8, 12, (byte) 0);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(zeroed);
        assertEquals(crc.getValue(), (b[8] & 0xffL) | (b[9] & 0xffL) << 8 | (b[10] & 0xffL) << 16 | (b[11] & 0xffL) << 24);
        byte[] ack = new byte[16];
        ack[0] = (byte) (3868 >> 8);
        ack[1] = (byte) 3868;
        ack[2] = (byte) (40000 >> 8);
        ack[3] = (byte) 40000;
        ack[12] = 2;
        ack[15] = 4;
        PacketBuffer reply = new PacketBuffer(++ids, "s", Packet.of(ack, Ipv4Header.of(Ipv4Address.parse("10.244.1.5"),
                Ipv4Address.parse("10.0.0.2"), 132, 64, 2)));
        assertTrue(n.hook(Hook.PREROUTING, reply, "eth1", null).accepted());
        assertTrue(n.hook(Hook.POSTROUTING, reply, null, "eth0").accepted());
        assertEquals("10.0.0.1", reply.packet().first(Ipv4Header.class).src().toString());
        byte[] rb = reply.packet().payload();
        assertEquals(2905, (rb[0] & 0xff) << 8 | (rb[1] & 0xff));
    }
}
