package io.podnet.sim.wire;

import static io.podnet.sim.wire.LinuxCaptures.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.net.Ipv4Address;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeneveHeaderTest {
    private static final GeneveHeader.Option OVN = new GeneveHeader.Option(0x0102, 0x80, new byte[] {0, 1, 0, 2});

    private static String hex(Header h) {
        ByteBuffer b = ByteBuffer.allocate(h.encodedLength());
        if (h instanceof GeneveHeader g) {
            g.encode(b);
        }
        return HexFormat.of().formatHex(b.array());
    }

    @Test
    void encodesTheFixedPartAndOptions() {
        assertEquals("0000655800000500", hex(GeneveHeader.ethernet(5)));
        assertEquals("0240655800000500" + "01028001" + "00010002", hex(new GeneveHeader(5, List.of(OVN))),
                "Opt Len 2 words, C set because the option type has its critical bit");
        assertEquals("01806558abcdef00" + "01010200", hex(new GeneveHeader(true, false, 0x6558, 0xabcdef,
                List.of(new GeneveHeader.Option(0x0101, 2, new byte[0])))), "O bit, a non-critical empty option");
        assertEquals(8, GeneveHeader.ethernet(1).encodedLength());
        assertEquals(16, new GeneveHeader(1, List.of(OVN)).encodedLength());
        assertEquals("GENEVE vni 5", GeneveHeader.ethernet(5).summary());
        assertEquals("GENEVE vni 5 options 8 bytes critical", new GeneveHeader(5, List.of(OVN)).summary());
        assertEquals("GENEVE vni 7 proto 0x0800 OAM", new GeneveHeader(true, false, 0x0800, 7, List.of()).summary());
    }

    @Test
    void decodesTheFixedPartAndOptions() {
        GeneveHeader g = GeneveHeader.decode(ByteBuffer.wrap(bytes("0240655800000500" + "01028001" + "00010002")));
        assertEquals(new GeneveHeader(false, true, 0x6558, 5, List.of(OVN)), g);
        assertTrue(g.options().get(0).critical());
        assertArrayEquals(new byte[] {0, 1, 0, 2}, g.options().get(0).data());
        // reserved bits (flags, option R bits, the byte after the VNI) are ignored
        GeneveHeader r = GeneveHeader.decode(ByteBuffer.wrap(bytes("003f6558000005ff" + "01018002" + "00000000" + "00000000")));
        assertEquals(new GeneveHeader(false, false, 0x6558, 5, List.of()), r);
        GeneveHeader two = GeneveHeader.decode(ByteBuffer.wrap(bytes("0300655800000100" + "ffff0101" + "deadbeef" + "01020000")));
        assertEquals(2, two.options().size());
        assertEquals(new GeneveHeader.Option(0x0102, 0, new byte[0]), two.options().get(1));
        assertFalse(two.critical());
    }

    @Test
    void decodesAFrameThroughOptionsToTheInnerTcpSyn() {
        Packet p = Packet.decodeEthernet(bytes(TunnelFrames.GENEVE_OPTION_TCP_SYN), DecodeOptions.DEFAULT);
        assertEquals(List.of(EthernetHeader.class, Ipv4Header.class, UdpHeader.class, GeneveHeader.class, EthernetHeader.class,
                Ipv4Header.class, TcpHeader.class), p.headers().stream().map(Object::getClass).toList());
        assertEquals(new UdpHeader(52311, 6081), p.header(2));
        assertEquals(new GeneveHeader(5, List.of(OVN)), p.header(3));
        assertEquals(Ipv4Address.parse("10.244.1.0"), p.last(Ipv4Header.class).dst());
        assertEquals(8080, p.last(TcpHeader.class).dstPort());
        assertEquals(58, p.lengthFrom(1) - p.lengthFrom(5), "GENEVE overhead: 50 like VXLAN plus 8 bytes of options");
        assertArrayEquals(bytes(TunnelFrames.GENEVE_OPTION_TCP_SYN), p.encode());
        byte[] inner = Arrays.copyOfRange(bytes(LinuxCaptures.VXLAN_TCP_SYN), 50, 124);
        assertArrayEquals(inner, p.from(4).encode(), "the inner frame is the Linux capture's");

        Packet plain = Packet.decodeEthernet(bytes(TunnelFrames.GENEVE_TCP_SYN), DecodeOptions.DEFAULT);
        assertEquals(7, plain.headers().size());
        assertEquals(50, plain.lengthFrom(1) - plain.lengthFrom(5));
        assertArrayEquals(bytes(TunnelFrames.GENEVE_TCP_SYN), plain.encode());
    }

    @Test
    void followsOnlyTheConfiguredPorts() {
        Packet p = Packet.decodeEthernet(bytes(TunnelFrames.GENEVE_TCP_SYN), DecodeOptions.NONE);
        assertEquals(3, p.headers().size());
        assertEquals(8 + 74, p.payloadLength());
        assertEquals(3, Packet.decodeEthernet(bytes(TunnelFrames.GENEVE_TCP_SYN), Set.of(8472)).headers().size(),
                "the VXLAN-ports overload follows no GENEVE");
        Packet other = Packet.decodeEthernet(bytes(TunnelFrames.GENEVE_TCP_SYN), DecodeOptions.NONE.withGenevePorts(Set.of(6081)));
        assertEquals(7, other.headers().size());
    }

    @Test
    void carriesAnInnerIpv4PacketUnderProtocolType0800() {
        Packet vx = Packet.decodeEthernet(bytes(LinuxCaptures.VXLAN_TCP_SYN), Set.of(8472));
        Packet l3 = vx.from(5);
        Packet p = l3.encapsulate(List.of(vx.header(0), vx.header(1), new UdpHeader(40000, 6081),
                new GeneveHeader(false, false, GeneveHeader.PROTO_IPV4, 9, List.of())));
        Packet back = Packet.decodeEthernet(p.encode(), DecodeOptions.DEFAULT);
        assertEquals(p, back);
        assertEquals(6, back.headers().size());
        Packet odd = l3.encapsulate(List.of(vx.header(0), vx.header(1), new UdpHeader(40000, 6081),
                new GeneveHeader(false, false, 0x88b5, 9, List.of())));
        Packet oddBack = Packet.decodeEthernet(odd.encode(), DecodeOptions.DEFAULT);
        assertEquals(4, oddBack.headers().size(), "an unknown protocol type leaves the rest as payload");
        assertEquals(60, oddBack.payloadLength());
    }

    @Test
    void rejectsBadHeaders() {
        assertThrows(WireException.class, () -> GeneveHeader.decode(ByteBuffer.allocate(7)));
        assertEquals("GENEVE version 1 is unknown (only version 0 exists)", assertThrows(WireException.class,
                () -> GeneveHeader.decode(ByteBuffer.wrap(bytes("4000655800000100")))).getMessage());
        assertEquals("GENEVE options (8 bytes by Opt Len) truncated: need 8 bytes, have 4", assertThrows(WireException.class,
                () -> GeneveHeader.decode(ByteBuffer.wrap(bytes("0200655800000100" + "01028001")))).getMessage());
        assertEquals("GENEVE option class 0x0102 type 128 of 8 bytes runs past the 8-byte options", assertThrows(
                WireException.class, () -> GeneveHeader.decode(ByteBuffer.wrap(bytes("0200655800000100" + "01028002" + "00000000"))))
                .getMessage());
        assertThrows(IllegalArgumentException.class, () -> GeneveHeader.ethernet(1 << 24));
        assertThrows(IllegalArgumentException.class, () -> new GeneveHeader.Option(0x10000, 0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new GeneveHeader.Option(1, 256, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new GeneveHeader.Option(1, 1, new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> new GeneveHeader.Option(1, 1, new byte[128]));
        List<GeneveHeader.Option> big = List.of(new GeneveHeader.Option(1, 1, new byte[124]), new GeneveHeader.Option(1, 1, new byte[124]));
        assertEquals(256, big.stream().mapToInt(GeneveHeader.Option::encodedLength).sum());
        assertThrows(IllegalArgumentException.class, () -> new GeneveHeader(1, big), "more than 252 bytes of options");
        byte[] frame = bytes(TunnelFrames.GENEVE_OPTION_TCP_SYN);
        frame[50] = 0x03; // Opt Len 3 words: the options swallow the inner Ethernet header and the UDP checksum breaks
        assertThrows(WireException.class, () -> Packet.decodeEthernet(frame, DecodeOptions.DEFAULT));
    }

    @Test
    void optionsCompareByValueAndCopyTheirData() {
        byte[] d = {1, 2, 3, 4};
        GeneveHeader.Option o = new GeneveHeader.Option(1, 2, d);
        d[0] = 9;
        assertEquals(new GeneveHeader.Option(1, 2, new byte[] {1, 2, 3, 4}), o);
        assertEquals(new GeneveHeader.Option(1, 2, new byte[] {1, 2, 3, 4}).hashCode(), o.hashCode());
        o.data()[1] = 9;
        assertEquals(2, o.data()[1]);
        assertNotEquals(new GeneveHeader.Option(1, 3, new byte[] {1, 2, 3, 4}), o);
        assertEquals("Option[class=0x0001, type=2, data=01020304]", o.toString());
    }
}
