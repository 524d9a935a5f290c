package io.podnet.sim.wire;

import static io.podnet.sim.wire.LinuxCaptures.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.podnet.sim.net.Ipv4Address;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UdpHeaderTest {
    @Test
    void decodesACapturedDatagram() {
        Packet p = Packet.decodeEthernet(bytes(LinuxCaptures.UDP_HELLO), Set.of());
        assertEquals(new UdpHeader(40000, 9999), p.last(UdpHeader.class));
        assertEquals("hello\n", new String(p.payload(), StandardCharsets.US_ASCII));
        assertEquals("UDP 40000 > 9999", p.last(UdpHeader.class).summary());
        assertArrayEquals(bytes(LinuxCaptures.UDP_HELLO), p.encode());
    }

    @Test
    void zeroChecksumMeansNoneAndIsNotVerified() {
        byte[] frame = bytes(LinuxCaptures.UDP_HELLO);
        frame[40] = 0;
        frame[41] = 0;
        Packet p = Packet.decodeEthernet(frame, Set.of());
        assertFalse(p.last(UdpHeader.class).checksummed());
        assertArrayEquals(frame, p.encode(), "an unchecksummed header encodes a zero checksum");
    }

    @Test
    void aComputedZeroChecksumIsSentAsFfff() {
        // Find a payload whose UDP checksum computes to 0 and check it goes out as 0xffff.
        Ipv4Header ip = Ipv4Header.of(Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2"), 17, 64, 0);
        UdpHeader udp = new UdpHeader(1000, 2000);
        byte[] payload = new byte[2];
        Packet p = Packet.of(payload, ip, udp);
        byte[] enc = p.encode();
        int c = (enc[26] & 0xff) << 8 | (enc[27] & 0xff);
        // Adjust the payload word so that the one's complement sum becomes all ones.
        int fix = c; // adding the current checksum value to the sum makes it 0xffff
        payload[0] = (byte) (fix >> 8);
        payload[1] = (byte) fix;
        byte[] zero = Packet.of(payload, ip, udp).encode();
        assertEquals(0xffff, (zero[26] & 0xff) << 8 | (zero[27] & 0xff));
        assertEquals(Packet.of(payload, ip, udp), Packet.decodeIpv4(zero, Set.of()));
    }

    @Test
    void rejectsBadLengthsAndChecksums() {
        assertThrows(WireException.class, () -> UdpHeader.decode(ByteBuffer.allocate(7)));
        byte[] tooShort = {0, 1, 0, 2, 0, 7, 0, 0};
        assertEquals("UDP length 7 < 8", assertThrows(WireException.class, () -> UdpHeader.decode(ByteBuffer.wrap(tooShort))).getMessage());
        byte[] frame = bytes(LinuxCaptures.UDP_HELLO);
        frame[39] = 30; // UDP length 30 > 14 bytes of IPv4 payload
        assertThrows(WireException.class, () -> Packet.decodeEthernet(frame, Set.of()));
        byte[] corrupt = bytes(LinuxCaptures.UDP_HELLO);
        corrupt[44] = 'j';
        assertThrows(WireException.class, () -> Packet.decodeEthernet(corrupt, Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new UdpHeader(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> new UdpHeader(1, 65536));
        assertEquals(new UdpHeader(5, 2, false), new UdpHeader(1, 2, false).withSrcPort(5));
        assertEquals(new UdpHeader(1, 7), new UdpHeader(1, 2).withDstPort(7));
    }
}
