package io.podnet.sim.wire;

import static io.podnet.sim.wire.LinuxCaptures.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.MacAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VxlanHeaderTest {
    @Test
    void encodesFlagsAndVni() {
        ByteBuffer b = ByteBuffer.allocate(8);
        new VxlanHeader(1).encode(b);
        assertEquals("0800000000000100", HexFormat.of().formatHex(b.array()));
        assertEquals(new VxlanHeader(0xabcdef), VxlanHeader.decode(ByteBuffer.wrap(HexFormat.of().parseHex("08000000abcdef00"))));
        assertEquals("VXLAN vni 1", new VxlanHeader(1).summary());
    }

    @Test
    void decodesAFlannelFrameWithItsInnerTcpSyn() {
        Packet p = Packet.decodeEthernet(bytes(LinuxCaptures.VXLAN_TCP_SYN), Set.of(8472));
        List<Header> h = p.headers();
        assertEquals(7, h.size());
        assertEquals(Ipv4Address.parse("192.168.1.10"), ((Ipv4Header) h.get(1)).src());
        assertEquals(Ipv4Address.parse("192.168.1.11"), ((Ipv4Header) h.get(1)).dst());
        assertEquals(new UdpHeader(48134, 8472), h.get(2));
        assertEquals(new VxlanHeader(1), h.get(3));
        assertEquals(new EthernetHeader(MacAddress.parse("0a:aa:aa:00:00:02"), MacAddress.parse("0a:aa:aa:00:00:01"), 0x0800), h.get(4));
        Ipv4Header inner = (Ipv4Header) h.get(5);
        assertEquals(Ipv4Address.parse("10.244.0.0"), inner.src());
        assertEquals(Ipv4Address.parse("10.244.1.0"), inner.dst());
        TcpHeader syn = (TcpHeader) h.get(6);
        assertEquals(1410, syn.mss(), "1450-byte VXLAN MTU minus 40");
        assertEquals(8080, syn.dstPort());
        assertEquals(50, p.lengthFrom(1) - p.lengthFrom(5), "VXLAN overhead: outer IPv4 + UDP + VXLAN + inner Ethernet");
        assertArrayEquals(bytes(LinuxCaptures.VXLAN_TCP_SYN), p.encode());
        Packet back = Packet.decodeEthernet(bytes(LinuxCaptures.VXLAN_TCP_RST_ACK), Set.of(8472));
        assertEquals(7, back.headers().size());
        assertArrayEquals(bytes(LinuxCaptures.VXLAN_TCP_RST_ACK), back.encode());
    }

    @Test
    void withoutTheVxlanPortTheInnerFrameIsPayload() {
        Packet p = Packet.decodeEthernet(bytes(LinuxCaptures.VXLAN_TCP_SYN), Set.of(4789));
        assertEquals(3, p.headers().size());
        assertEquals(8 + 14 + 60, p.payloadLength());
        assertArrayEquals(bytes(LinuxCaptures.VXLAN_TCP_SYN), p.encode());
    }

    @Test
    void rejectsBadHeaders() {
        assertThrows(WireException.class, () -> VxlanHeader.decode(ByteBuffer.allocate(7)));
        assertEquals("VXLAN header without the I flag",
                assertThrows(WireException.class, () -> VxlanHeader.decode(ByteBuffer.allocate(8))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new VxlanHeader(1 << 24));
        byte[] frame = bytes(LinuxCaptures.VXLAN_TCP_SYN);
        frame[frame.length - 5] ^= 1; // inner TCP option byte: the inner TCP and the outer UDP checksums break
        assertThrows(WireException.class, () -> Packet.decodeEthernet(frame, Set.of(8472)));
    }
}
