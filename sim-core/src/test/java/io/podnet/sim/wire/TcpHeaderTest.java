package io.podnet.sim.wire;

import static io.podnet.sim.wire.LinuxCaptures.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TcpHeaderTest {
    private static byte[] encode(TcpHeader t) {
        ByteBuffer b = ByteBuffer.allocate(t.encodedLength());
        t.encode(b);
        return b.array();
    }

    private static String optionsHex(TcpHeader t) {
        byte[] b = encode(t);
        return HexFormat.of().formatHex(b, 20, b.length);
    }

    @Test
    void decodesALinuxSyn() {
        Packet p = Packet.decodeEthernet(bytes(LinuxCaptures.TCP_SYN), Set.of());
        TcpHeader t = p.last(TcpHeader.class);
        assertEquals(new TcpHeader(55100, 80, 942273633L, 0, TcpHeader.SYN, 64240, 1460, 10, true,
                new TcpHeader.Timestamps(334272993L, 0)), t);
        assertEquals(40, t.encodedLength());
        assertEquals("TCP 55100 > 80 [S] seq 942273633 win 64240 mss 1460 sackOK TS 334272993/0 wscale 10", t.summary());
        assertArrayEquals(bytes(LinuxCaptures.TCP_SYN), p.encode());
    }

    @Test
    void decodesTheRstAckWithoutOptions() {
        Packet p = Packet.decodeEthernet(bytes(LinuxCaptures.TCP_RST_ACK), Set.of());
        TcpHeader t = p.last(TcpHeader.class);
        assertEquals(TcpHeader.of(80, 55100, 0, 942273634L, TcpHeader.RST | TcpHeader.ACK, 0), t);
        assertEquals("R.", TcpHeader.flagString(t.flags()));
        assertArrayEquals(bytes(LinuxCaptures.TCP_RST_ACK), p.encode());
    }

    @Test
    void writesOptionsInLinuxOrderAndAlignment() {
        TcpHeader base = TcpHeader.of(1, 2, 0, 0, TcpHeader.SYN, 65535);
        TcpHeader.Timestamps ts = new TcpHeader.Timestamps(0x11223344L, 0x55667788L);
        assertEquals("", optionsHex(base));
        assertEquals("020405b4", optionsHex(new TcpHeader(1, 2, 0, 0, 2, 65535, 1460, -1, false)));
        assertEquals("01030307", optionsHex(new TcpHeader(1, 2, 0, 0, 2, 65535, 0, 7, false)));
        assertEquals("01010402", optionsHex(new TcpHeader(1, 2, 0, 0, 2, 65535, 0, -1, true)));
        assertEquals("020405b4010104020103030a", optionsHex(new TcpHeader(1, 2, 0, 0, 2, 65535, 1460, 10, true)));
        assertEquals("0101080a1122334455667788", optionsHex(base.withTimestamps(ts)));
        assertEquals("020405b40402080a11223344556677880103030e",
                optionsHex(new TcpHeader(1, 2, 0, 0, 2, 65535, 1460, 14, true, ts)));
        for (TcpHeader t : new TcpHeader[] {new TcpHeader(1, 2, 0, 0, 2, 9, 536, 0, true),
                new TcpHeader(1, 2, 0, 0, 2, 9, 0, 3, true, ts), new TcpHeader(1, 2, 0, 0, 2, 9, 1, 0, false, ts)}) {
            byte[] b = encode(t);
            assertEquals(0, b.length % 4);
            assertEquals(b.length, ((b[12] & 0xff) >> 4) * 4, "data offset matches the bytes written");
            assertEquals(t, TcpHeader.decode(ByteBuffer.wrap(b)));
        }
    }

    @Test
    void skipsUnknownOptionsAndStopsAtEndOfList() {
        // MSS, SACK block (kind 5 len 10), EOL then garbage padding.
        byte[] b = HexFormat.of().parseHex("0001000200000001000000028012ffff00000000"
                + "020405b4050a0000000100000002" + "00ffffff" + "0000");
        b[12] = (byte) (((20 + 20) / 4) << 4);
        TcpHeader t = TcpHeader.decode(ByteBuffer.wrap(b));
        assertEquals(1460, t.mss());
        assertEquals(-1, t.windowScale());
        assertNull(t.timestamps());
    }

    @Test
    void clampsWindowScaleAbove14() {
        byte[] b = HexFormat.of().parseHex("0001000200000001000000026002ffff0000000001030310");
        assertEquals(14, TcpHeader.decode(ByteBuffer.wrap(b)).windowScale());
    }

    @Test
    void rejectsBadOptionsAndTruncation() {
        byte[] syn = java.util.Arrays.copyOfRange(bytes(LinuxCaptures.TCP_SYN), 34, 74);
        assertThrows(WireException.class, () -> TcpHeader.decode(ByteBuffer.wrap(syn, 0, 19)));
        assertEquals("TCP options truncated: need 20 bytes, have 19",
                assertThrows(WireException.class, () -> TcpHeader.decode(ByteBuffer.wrap(syn, 0, 39))).getMessage());
        byte[] badLen = syn.clone();
        badLen[21] = 1; // MSS option length 1
        assertEquals("TCP option 2 has invalid length 1",
                assertThrows(WireException.class, () -> TcpHeader.decode(ByteBuffer.wrap(badLen))).getMessage());
        byte[] overrun = syn.clone();
        overrun[38] = 5; // wscale length runs past the header
        assertThrows(WireException.class, () -> TcpHeader.decode(ByteBuffer.wrap(overrun)));
        byte[] shortOffset = syn.clone();
        shortOffset[12] = 0x40;
        assertThrows(WireException.class, () -> TcpHeader.decode(ByteBuffer.wrap(shortOffset)));
        byte[] frame = bytes(LinuxCaptures.TCP_SYN);
        frame[frame.length - 1] ^= 1;
        assertTrue(assertThrows(WireException.class, () -> Packet.decodeEthernet(frame, Set.of())).getMessage()
                .startsWith("TCP checksum is wrong"));
        assertThrows(IllegalArgumentException.class, () -> new TcpHeader(1, 2, 0, 0, 2, 9, 0, 15, false));
        assertThrows(IllegalArgumentException.class, () -> TcpHeader.of(1, 2, 1L << 32, 0, 2, 9));
        assertThrows(IllegalArgumentException.class, () -> new TcpHeader.Timestamps(-1, 0));
    }
}
