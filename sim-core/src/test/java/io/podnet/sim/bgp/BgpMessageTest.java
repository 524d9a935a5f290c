package io.podnet.sim.bgp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class BgpMessageTest {
    private static final String MARKER = "ffffffffffffffffffffffffffffffff";

    @Test
    void keepaliveIsNineteenBytes() {
        byte[] b = BgpMessage.Keepalive.INSTANCE.encode();
        assertEquals(MARKER + "001304", HexFormat.of().formatHex(b));
        assertEquals(BgpMessage.Keepalive.INSTANCE, BgpMessage.decode(ByteBuffer.wrap(b)));
    }

    @Test
    void openCarriesFourOctetAsCapability() {
        BgpMessage.Open o = new BgpMessage.Open(64512, 240, Ipv4Address.parse("172.18.0.2"));
        byte[] b = o.encode();
        // version 4, AS 64512 (0xfc00), hold 240 (0x00f0), id ac120002, opt len 16,
        // capability param: MP-BGP ipv4/unicast, 4-octet AS 64512
        assertEquals(MARKER + "002b01" + "04fc0000f0ac120002" + "0e" + "020c" + "010400010001" + "41040000fc00",
                HexFormat.of().formatHex(b));
        assertEquals(o, BgpMessage.decode(ByteBuffer.wrap(b)));
    }

    @Test
    void updateRoundTripsWithReflectionAttributes() {
        PathAttributes a = new PathAttributes(0, List.of(), Ipv4Address.parse("172.18.0.3"), 100, -1,
                Ipv4Address.parse("172.18.0.3"), List.of(Ipv4Address.parse("172.18.0.10")));
        BgpMessage.Update u = new BgpMessage.Update(List.of(Ipv4Prefix.parse("10.0.9.0/26")), a,
                List.of(Ipv4Prefix.parse("192.168.1.64/26")));
        byte[] b = u.encode();
        assertEquals(u, BgpMessage.decode(ByteBuffer.wrap(b)));
        // NLRI at the end: length 26 then 4 bytes (26 bits round up to 4 bytes)
        String hex = HexFormat.of().formatHex(b);
        assertEquals("1ac0a80140", hex.substring(hex.length() - 10));
    }

    @Test
    void partialMessageWaitsForMoreBytes() {
        byte[] b = BgpMessage.Keepalive.INSTANCE.encode();
        ByteBuffer half = ByteBuffer.wrap(b, 0, 10).slice();
        assertNull(BgpMessage.decode(half));
        assertEquals(0, half.position());
    }

    @Test
    void badMarkerIsAHeaderError() {
        byte[] b = BgpMessage.Keepalive.INSTANCE.encode();
        b[3] = 0;
        BgpException e = assertThrows(BgpException.class, () -> BgpMessage.decode(ByteBuffer.wrap(b)));
        assertEquals(1, e.code());
    }

    @Test
    void notificationRoundTrips() {
        BgpMessage.Notification n = new BgpMessage.Notification(4, 0, new byte[0]);
        byte[] b = n.encode();
        assertArrayEquals(HexFormat.of().parseHex(MARKER + "0015030400"), b);
        assertEquals(n, BgpMessage.decode(ByteBuffer.wrap(b)));
    }
}
