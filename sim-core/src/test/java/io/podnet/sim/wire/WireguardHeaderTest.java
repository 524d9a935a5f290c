package io.podnet.sim.wire;

import static io.podnet.sim.wire.LinuxCaptures.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WireguardHeaderTest {
    /** The inner IPv4 TCP SYN of the WireGuard frame: the Linux capture's, TTL 63 after forwarding. */
    private static Packet innerSyn() {
        Packet vx = Packet.decodeEthernet(bytes(LinuxCaptures.VXLAN_TCP_SYN), Set.of(8472));
        Packet l3 = vx.from(5);
        return l3.with(0, ((Ipv4Header) l3.header(0)).withTtl(63));
    }

    @Test
    void encodesLittleEndianFields() {
        ByteBuffer b = ByteBuffer.allocate(16);
        new WireguardHeader(0x1a2b3c4dL, 7).encode(b);
        assertEquals("04000000" + "4d3c2b1a" + "0700000000000000", HexFormat.of().formatHex(b.array()));
        assertEquals(16, b.position());
        assertEquals(new WireguardHeader(0xfffffffeL, 0x0102030405060708L), WireguardHeader.decode(
                ByteBuffer.wrap(bytes("04000000" + "feffffff" + "0807060504030201"))));
        ByteBuffer big = ByteBuffer.wrap(bytes("04000000" + "00000000" + "ffffffffffffffff"));
        WireguardHeader max = WireguardHeader.decode(big);
        assertEquals("WireGuard transport receiver 0x00000000 counter 18446744073709551615", max.summary());
        assertEquals(java.nio.ByteOrder.BIG_ENDIAN, big.order(), "the buffer's byte order is restored");
    }

    @Test
    void padsToSixteenButNotPastTheMtu() {
        assertEquals(0, WireguardHeader.padding(0, 1420), "a keepalive has no padding");
        assertEquals(15, WireguardHeader.padding(1, 1420));
        assertEquals(4, WireguardHeader.padding(60, 1420));
        assertEquals(0, WireguardHeader.padding(64, 1420));
        assertEquals(0, WireguardHeader.padding(1420, 1420));
        assertEquals(1, WireguardHeader.padding(1419, 1420), "1420 is not a multiple of 16: padding stops at the MTU");
        assertEquals(3, WireguardHeader.padding(1417, 1420));
        assertEquals(12, WireguardHeader.padding(1412, 0), "no MTU known: always to 16");
        assertEquals(12, WireguardHeader.padding(1420 + 100, 1420), "a packet above the MTU pads its last unit");
        assertEquals(60 + 4 + 16, WireguardHeader.sealedLength(60, 1420));
        assertEquals(16, WireguardHeader.sealedLength(0, 1420));
        assertEquals(60, WireguardHeader.OVERHEAD);
        assertThrows(IllegalArgumentException.class, () -> WireguardHeader.padding(-1, 1420));
    }

    @Test
    void sealCarriesTheInnerBytesInClearWithPaddingAndAZeroTag() {
        Packet inner = innerSyn();
        byte[] sealed = WireguardHeader.seal(inner, 1420);
        assertEquals(80, sealed.length);
        assertArrayEquals(inner.encode(), Arrays.copyOf(sealed, 60));
        assertArrayEquals(new byte[20], Arrays.copyOfRange(sealed, 60, 80));
        assertEquals(Optional.of(inner), WireguardHeader.open(sealed, DecodeOptions.DEFAULT));
        assertArrayEquals(new byte[16], WireguardHeader.seal(null, 1420));
        assertEquals(Optional.empty(), WireguardHeader.open(new byte[16], DecodeOptions.DEFAULT), "a keepalive");
        assertThrows(IllegalArgumentException.class, () -> WireguardHeader.seal(
                Packet.decodeEthernet(bytes(LinuxCaptures.UDP_HELLO), Set.of()), 1420), "an Ethernet frame is not an IP packet");
    }

    @Test
    void decodesTheTransportDataFrameAndKeepsThePayloadOpaque() {
        Packet p = Packet.decodeEthernet(bytes(TunnelFrames.WIREGUARD_TCP_SYN), DecodeOptions.DEFAULT);
        assertEquals(List.of(EthernetHeader.class, Ipv4Header.class, UdpHeader.class, WireguardHeader.class),
                p.headers().stream().map(Object::getClass).toList());
        assertEquals(new UdpHeader(51820, 51820), p.header(2));
        assertEquals(new WireguardHeader(0x1a2b3c4dL, 7), p.header(3));
        assertEquals(80, p.payloadLength());
        assertEquals(WireguardHeader.OVERHEAD + 4, p.lengthFrom(1) - 60, "60 bytes of overhead plus 4 of padding");
        assertEquals(innerSyn(), WireguardHeader.open(p.payload(), DecodeOptions.DEFAULT).orElseThrow());
        assertArrayEquals(bytes(TunnelFrames.WIREGUARD_TCP_SYN), p.encode());
        assertEquals("Ethernet 02:00:00:00:0a:01 > 02:00:00:00:0a:02 type IPv4 | IPv4 192.168.1.10 > 192.168.1.11 ttl 64"
                + " proto udp id 23312 | UDP 51820 > 51820 | WireGuard transport receiver 0x1a2b3c4d counter 7 | 80 bytes",
                p.summary());

        Packet ka = Packet.decodeEthernet(bytes(TunnelFrames.WIREGUARD_KEEPALIVE), DecodeOptions.DEFAULT);
        assertEquals(new WireguardHeader(0x1a2b3c4dL, 8), ka.header(3));
        assertEquals(16, ka.payloadLength());
        assertEquals(Optional.empty(), WireguardHeader.open(ka.payload(), DecodeOptions.DEFAULT));
        assertArrayEquals(bytes(TunnelFrames.WIREGUARD_KEEPALIVE), ka.encode());
    }

    @Test
    void followsTheSourcePortTooButNotHandshakesOrOtherPorts() {
        Packet p = Packet.decodeEthernet(bytes(TunnelFrames.WIREGUARD_TCP_SYN), DecodeOptions.DEFAULT);
        Packet fromPort = p.with(2, new UdpHeader(51820, 40000));
        assertEquals(4, Packet.decodeEthernet(fromPort.encode(), DecodeOptions.DEFAULT).headers().size());
        assertEquals(3, Packet.decodeEthernet(p.encode(), DecodeOptions.NONE).headers().size());
        byte[] initiation = new byte[148];
        initiation[0] = 1; // handshake initiation
        Packet hs = Packet.of(initiation, p.header(0), p.header(1), p.header(2));
        Packet hsBack = Packet.decodeEthernet(hs.encode(), DecodeOptions.DEFAULT);
        assertEquals(3, hsBack.headers().size(), "handshake messages stay payload");
        assertEquals(148, hsBack.payloadLength());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(WireException.class, () -> WireguardHeader.decode(ByteBuffer.allocate(15)));
        assertEquals("WireGuard message type 1 is not transport data (4)", assertThrows(WireException.class,
                () -> WireguardHeader.decode(ByteBuffer.wrap(bytes("01000000" + "00000000" + "0000000000000000")))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WireguardHeader(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new WireguardHeader(1L << 32, 0));
        assertThrows(WireException.class, () -> WireguardHeader.open(new byte[15], DecodeOptions.DEFAULT));
        assertThrows(WireException.class, () -> WireguardHeader.open(new byte[16 + 10], DecodeOptions.DEFAULT));
        byte[] sealed = WireguardHeader.seal(innerSyn(), 1420);
        sealed[3] = 70; // inner total length 70 > 64 bytes of plaintext
        assertEquals("inner IPv4 total length 70 runs past the 64-byte plaintext",
                assertThrows(WireException.class, () -> WireguardHeader.open(sealed, DecodeOptions.DEFAULT)).getMessage());
        byte[] frame = bytes(TunnelFrames.WIREGUARD_TCP_SYN);
        frame[frame.length - 1] = 1; // a tag byte: the UDP checksum breaks
        assertThrows(WireException.class, () -> Packet.decodeEthernet(frame, DecodeOptions.DEFAULT));
        assertTrue(WireguardHeader.isTransportData(ByteBuffer.wrap(new byte[32])) == false);
    }
}
