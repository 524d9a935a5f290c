package io.podnet.sim.wire;

import static io.podnet.sim.wire.LinuxCaptures.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.net.Ipv4Address;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ipv4HeaderTest {
    /** The IPv4 header of the captured ping: DF, id 0x68ca, ttl 64, checksum 0x4e79. */
    private static final byte[] ECHO_IP = HexFormat.of().parseHex("4500005468ca400040014e79c0a8010ac0a8010b");

    @Test
    void decodesACapturedHeader() {
        Ipv4Header.Decoded d = Ipv4Header.decode(ByteBuffer.wrap(ECHO_IP));
        Ipv4Header h = d.header();
        assertEquals(84, d.totalLength());
        assertEquals(new Ipv4Header(0, 0x68ca, true, false, 0, 64, 1, Ipv4Address.parse("192.168.1.10"),
                Ipv4Address.parse("192.168.1.11")), h);
        assertFalse(h.isFragment());
        assertEquals("IPv4 192.168.1.10 > 192.168.1.11 ttl 64 proto icmp id 26826 DF", h.summary());
    }

    @Test
    void encodesTheSameBytesWithTheChecksum() {
        Ipv4Header h = Ipv4Header.decode(ByteBuffer.wrap(ECHO_IP)).header();
        ByteBuffer out = ByteBuffer.allocate(20);
        h.encode(out, 84);
        assertArrayEquals(ECHO_IP, out.array());
    }

    @Test
    void readsFragmentFlagsAndOffsets() {
        Ipv4Header first = Packet.decodeEthernet(bytes(LinuxCaptures.PING_FRAGMENT_1), java.util.Set.of()).first(Ipv4Header.class);
        Ipv4Header second = Packet.decodeEthernet(bytes(LinuxCaptures.PING_FRAGMENT_2), java.util.Set.of()).first(Ipv4Header.class);
        assertTrue(first.moreFragments());
        assertFalse(first.dontFragment());
        assertEquals(0, first.fragmentOffset());
        assertFalse(second.moreFragments());
        assertEquals(172, second.fragmentOffset());
        assertTrue(first.isFragment() && second.isFragment());
        assertTrue(second.summary().endsWith("id 32818 off 1376"));
        assertTrue(first.summary().endsWith("id 32818 MF"));
        ByteBuffer out = ByteBuffer.allocate(20);
        new Ipv4Header(0, 1, true, true, 0x1fff, 1, 17, Ipv4Address.ANY, Ipv4Address.ANY).encode(out, 20);
        assertEquals(0x7fff, out.getShort(6) & 0xffff, "DF, MF and the 13-bit offset share one word");
    }

    @Test
    void skipsOptions() {
        // IHL 6 with a Router Alert option (94 04 00 00), as IGMP sends it.
        byte[] withOption = HexFormat.of().parseHex("46c000200000400001020000c0a8010ae000001694040000");
        int c = Checksums.ones(withOption, 0, 24, 0);
        withOption[10] = (byte) (c >> 8);
        withOption[11] = (byte) c;
        ByteBuffer buf = ByteBuffer.wrap(Arrays.copyOf(withOption, 32));
        Ipv4Header.Decoded d = Ipv4Header.decode(buf);
        assertEquals(24, buf.position());
        assertEquals(2, d.header().protocol());
        assertEquals(1, d.header().ttl());
    }

    @Test
    void rejectsBadHeaders() {
        assertEquals("IPv4 header truncated: need 20 bytes, have 19",
                assertThrows(WireException.class, () -> Ipv4Header.decode(ByteBuffer.wrap(ECHO_IP, 0, 19))).getMessage());
        byte[] bad = ECHO_IP.clone();
        bad[8] = 63; // ttl changed, checksum not
        assertEquals("IPv4 header checksum is wrong",
                assertThrows(WireException.class, () -> Ipv4Header.decode(ByteBuffer.wrap(bad))).getMessage());
        assertEquals(63, Ipv4Header.decode(ByteBuffer.wrap(bad), false).header().ttl(), "quoted headers are not verified");
        byte[] v6 = ECHO_IP.clone();
        v6[0] = 0x65;
        assertEquals("not IPv4: version 6", assertThrows(WireException.class, () -> Ipv4Header.decode(ByteBuffer.wrap(v6))).getMessage());
        byte[] ihl4 = ECHO_IP.clone();
        ihl4[0] = 0x44;
        assertThrows(WireException.class, () -> Ipv4Header.decode(ByteBuffer.wrap(ihl4)));
        byte[] ihl15 = ECHO_IP.clone();
        ihl15[0] = 0x4f;
        assertThrows(WireException.class, () -> Ipv4Header.decode(ByteBuffer.wrap(ihl15)));
        assertThrows(IllegalArgumentException.class, () -> new Ipv4Header(0, 0, false, false, 0x2000, 64, 6,
                Ipv4Address.ANY, Ipv4Address.ANY));
        assertThrows(IllegalArgumentException.class, () -> new Ipv4Header(0, 0x10000, false, false, 0, 64, 6,
                Ipv4Address.ANY, Ipv4Address.ANY));
        Ipv4Header h = Ipv4Header.of(Ipv4Address.ANY, Ipv4Address.ANY, 6, 64, 1);
        assertThrows(IllegalArgumentException.class, () -> h.encode(ByteBuffer.allocate(20), 70000));
    }

    @Test
    void withersKeepTheOtherFields() {
        Ipv4Header h = Ipv4Header.of(Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2"), 6, 64, 7);
        Ipv4Header n = h.withTtl(63).withSrc(Ipv4Address.parse("10.0.0.9")).withDst(Ipv4Address.parse("10.0.0.8")).withFragment(true, 5);
        assertEquals(new Ipv4Header(0, 7, true, true, 5, 63, 6, Ipv4Address.parse("10.0.0.9"), Ipv4Address.parse("10.0.0.8")), n);
        assertEquals("tcp", Ipv4Header.protocolName(6));
        assertEquals("47", Ipv4Header.protocolName(47));
    }
}
