package io.podnet.sim.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.net.MacAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EthernetHeaderTest {
    private static final byte[] BYTES = HexFormat.of().parseHex("020000000a02020000000a010800");

    @Test
    void decodesTheHeaderOfACapturedFrame() {
        EthernetHeader e = EthernetHeader.decode(ByteBuffer.wrap(BYTES));
        assertEquals(MacAddress.parse("02:00:00:00:0a:02"), e.dst());
        assertEquals(MacAddress.parse("02:00:00:00:0a:01"), e.src());
        assertEquals(EthernetHeader.TYPE_IPV4, e.etherType());
        assertEquals("Ethernet 02:00:00:00:0a:01 > 02:00:00:00:0a:02 type IPv4", e.summary());
    }

    @Test
    void encodesBackToTheSameBytes() {
        EthernetHeader e = new EthernetHeader(MacAddress.parse("02:00:00:00:0a:02"), MacAddress.parse("02:00:00:00:0a:01"), 0x0800);
        ByteBuffer buf = ByteBuffer.allocate(EthernetHeader.LENGTH);
        e.encode(buf);
        assertArrayEquals(BYTES, buf.array());
        assertEquals(14, e.encodedLength());
    }

    @Test
    void namesArpAndUnknownTypes() {
        MacAddress m = MacAddress.parse("02:00:00:00:00:01");
        assertTrue(new EthernetHeader(MacAddress.BROADCAST, m, 0x0806).summary().endsWith("type ARP"));
        assertTrue(new EthernetHeader(MacAddress.BROADCAST, m, 0x86dd).summary().endsWith("type 0x86dd"));
    }

    @Test
    void rejectsTruncationAndBadFields() {
        WireException ex = assertThrows(WireException.class, () -> EthernetHeader.decode(ByteBuffer.wrap(BYTES, 0, 13)));
        assertEquals("Ethernet header truncated: need 14 bytes, have 13", ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EthernetHeader(null, MacAddress.ZERO, 0x800));
        assertThrows(IllegalArgumentException.class, () -> new EthernetHeader(MacAddress.ZERO, MacAddress.ZERO, 0x10000));
    }
}
