package io.podnet.sim.wire;

import static io.podnet.sim.wire.LinuxCaptures.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.net.MacAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PacketTest {
    private static final Packet VXLAN = Packet.decodeEthernet(bytes(LinuxCaptures.VXLAN_TCP_SYN), Set.of(8472));

    @Test
    void findsHeadersOutermostAndInnermost() {
        assertEquals("192.168.1.10", VXLAN.first(Ipv4Header.class).src().toString());
        assertEquals("10.244.0.0", VXLAN.last(Ipv4Header.class).src().toString());
        assertEquals(1, VXLAN.indexOf(Ipv4Header.class, 0));
        assertEquals(5, VXLAN.indexOf(Ipv4Header.class, 2));
        assertEquals(-1, VXLAN.indexOf(ArpPacket.class, 0));
        assertNull(VXLAN.first(ArpPacket.class));
        assertEquals(124, VXLAN.length());
        assertEquals(110, VXLAN.lengthFrom(1));
        assertEquals(60, VXLAN.lengthFrom(5));
    }

    @Test
    void decapsulateAndEncapsulateAreInverse() {
        Packet inner = VXLAN.decapsulate(4);
        assertEquals(List.of(EthernetHeader.class, Ipv4Header.class, TcpHeader.class),
                inner.headers().stream().map(Object::getClass).toList());
        assertEquals(VXLAN, inner.encapsulate(VXLAN.headers().subList(0, 4)));
        assertArrayEquals(Arrays.copyOfRange(bytes(LinuxCaptures.VXLAN_TCP_SYN), 50, 124), inner.encode());
        assertSame(VXLAN, VXLAN.from(0));
        assertEquals(inner, VXLAN.from(4));
        assertThrows(IllegalArgumentException.class, () -> VXLAN.decapsulate(0));
        assertThrows(IllegalArgumentException.class, () -> VXLAN.decapsulate(7));
    }

    @Test
    void withReplacesOneHeaderAndEncodeRederivesChecksums() {
        Packet p = Packet.decodeEthernet(bytes(LinuxCaptures.ICMP_ECHO_REQUEST), Set.of());
        Packet hop = p.with(1, p.first(Ipv4Header.class).withTtl(63));
        byte[] b = hop.encode();
        assertEquals(63, b[22]);
        assertEquals(hop, Packet.decodeEthernet(b, Set.of()), "the new IPv4 checksum verifies");
        assertEquals(p.first(Ipv4Header.class), p.header(1), "the original is unchanged");
    }

    @Test
    void payloadIsCopied() {
        byte[] data = {1, 2, 3};
        Packet p = Packet.of(data, new UdpHeader(1, 2));
        data[0] = 9;
        assertEquals(1, p.payload()[0]);
        p.payload()[1] = 9;
        assertEquals(2, p.payload()[1]);
        assertThrows(IllegalArgumentException.class, () -> Packet.of(data));
    }

    @Test
    void summaryListsLayersAndPayload() {
        Packet p = Packet.decodeEthernet(bytes(LinuxCaptures.UDP_HELLO), Set.of());
        assertEquals("Ethernet 02:00:00:00:0a:01 > 02:00:00:00:0a:02 type IPv4 | IPv4 192.168.1.10 > 192.168.1.11 ttl 64"
                + " proto udp id 39054 DF | UDP 40000 > 9999 | 6 bytes", p.summary());
    }

    @Test
    void decoderBoundsPayloadsByLengthFieldsAndDropsPadding() {
        byte[] padded = Arrays.copyOf(bytes(LinuxCaptures.UDP_HELLO), 60);
        Packet p = Packet.decodeEthernet(padded, Set.of());
        assertEquals(6, p.payloadLength());
        assertArrayEquals(bytes(LinuxCaptures.UDP_HELLO), p.encode());
        byte[] ipv6 = HexFormat.of().parseHex("333300000016020000000001" + "86dd" + "60000000");
        Packet other = Packet.decodeEthernet(ipv6, Set.of());
        assertEquals(new EthernetHeader(MacAddress.parse("33:33:00:00:00:16"), MacAddress.parse("02:00:00:00:00:01"), 0x86dd),
                other.header(0));
        assertEquals(4, other.payloadLength(), "an unknown ethertype keeps the rest as payload");
        Ipv4Header greIp = Packet.decodeEthernet(bytes(LinuxCaptures.UDP_HELLO), Set.of()).first(Ipv4Header.class);
        greIp = new Ipv4Header(greIp.tos(), greIp.identification(), true, false, 0, 64, 47, greIp.src(), greIp.dst());
        Packet gre = Packet.of(new byte[] {0, 0, 0x08, 0}, greIp);
        Packet back = Packet.decodeIpv4(gre.encode(), Set.of());
        assertEquals(gre, back, "an unknown IP protocol keeps the rest as payload");
    }

    @Test
    void decoderRejectsInconsistentLengths() {
        byte[] frame = bytes(LinuxCaptures.TCP_SYN);
        byte[] cut = Arrays.copyOf(frame, frame.length - 1);
        assertTrue(assertThrows(WireException.class, () -> Packet.decodeEthernet(cut, Set.of())).getMessage()
                .startsWith("IPv4 total length 60 runs past the 59 bytes available"));
        assertThrows(WireException.class, () -> Packet.decodeEthernet(new byte[10], Set.of()));
        assertThrows(IllegalArgumentException.class, () -> Packet.decodeEthernet(null, Set.of()));
        // A TCP data offset that runs past the IPv4 total length is caught even with bytes behind it.
        Packet rst = Packet.decodeEthernet(bytes(LinuxCaptures.TCP_RST_ACK), Set.of());
        byte[] b = Arrays.copyOf(rst.encode(), 80);
        b[46] = (byte) 0xf0; // data offset 60 bytes, only 20 in the datagram
        assertThrows(WireException.class, () -> Packet.decodeEthernet(b, Set.of()));
        byte[] vx = bytes(LinuxCaptures.VXLAN_TCP_SYN);
        byte[] shortVx = Arrays.copyOf(vx, 60);
        assertThrows(WireException.class, () -> Packet.decodeEthernet(shortVx, Set.of(8472)));
    }

    @Test
    void headerStackOperationsKeepValueSemantics() {
        List<Header> hs = VXLAN.headers();
        byte[] payload = VXLAN.payload();
        // The hash code is the list's and the payload's, as documented by List.hashCode: maps keyed by
        // packets keep their order whatever the packet stores internally.
        assertEquals(hs.hashCode() * 31 + Arrays.hashCode(payload), VXLAN.hashCode());
        assertEquals(VXLAN, new Packet(hs, payload));
        assertEquals(hs.size(), VXLAN.headerCount());
        assertThrows(UnsupportedOperationException.class, () -> VXLAN.headers().set(0, hs.get(1)));
        int inner = VXLAN.indexOf(VxlanHeader.class, 0) + 1;
        Packet in = VXLAN.decapsulate(inner);
        assertEquals(hs.subList(inner, hs.size()), in.headers());
        assertEquals(VXLAN.lengthFrom(inner), in.length());
        assertEquals(VXLAN.length(), VXLAN.encode().length);
        Packet again = in.encapsulate(hs.subList(0, inner));
        assertEquals(VXLAN, again);
        assertEquals(VXLAN.length(), again.length());
        assertArrayEquals(VXLAN.encode(), again.encode());
        Packet swapped = VXLAN.with(0, hs.get(0));
        assertEquals(VXLAN, swapped);
        assertThrows(NullPointerException.class, () -> VXLAN.with(0, null));
        assertThrows(NullPointerException.class, () -> VXLAN.encapsulate(Arrays.asList((Header) null)));
        assertThrows(NullPointerException.class, () -> new Packet(Arrays.asList(hs.get(0), null), payload));
    }
}
