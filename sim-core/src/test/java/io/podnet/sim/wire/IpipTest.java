package io.podnet.sim.wire;

import static io.podnet.sim.wire.LinuxCaptures.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.podnet.sim.net.Ipv4Address;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IpipTest {
    @Test
    void decodesThroughTheOuterIpv4IntoTheInnerPacket() {
        Packet p = Packet.decodeEthernet(bytes(TunnelFrames.IPIP_TCP_SYN), DecodeOptions.NONE);
        assertEquals(List.of(EthernetHeader.class, Ipv4Header.class, Ipv4Header.class, TcpHeader.class),
                p.headers().stream().map(Object::getClass).toList());
        Ipv4Header outer = (Ipv4Header) p.header(1);
        assertEquals(Ipv4Header.PROTO_IPIP, outer.protocol());
        assertEquals(Ipv4Address.parse("192.168.1.10"), outer.src());
        assertEquals(Ipv4Address.parse("192.168.1.11"), outer.dst());
        assertEquals(63, outer.ttl());
        assertEquals(true, outer.dontFragment());
        Ipv4Header inner = (Ipv4Header) p.header(2);
        assertEquals(Ipv4Address.parse("10.244.0.0"), inner.src());
        assertEquals(20, p.lengthFrom(1) - p.lengthFrom(2), "IPIP overhead: one IPv4 header");
        assertArrayEquals(bytes(TunnelFrames.IPIP_TCP_SYN), p.encode());
        assertEquals(p, Packet.decodeEthernet(bytes(TunnelFrames.IPIP_TCP_SYN), Set.of()), "IPIP needs no port");
        assertEquals(p.from(1), Packet.decodeIpv4(Arrays.copyOfRange(bytes(TunnelFrames.IPIP_TCP_SYN), 14, 94), Set.of()));
        assertEquals("IPv4 192.168.1.10 > 192.168.1.11 ttl 63 proto ipip id 14849 DF", outer.summary());
    }

    @Test
    void aFragmentedOuterPacketIsReassembledIntoTheTunnel() {
        Packet p = Packet.decodeEthernet(bytes(TunnelFrames.IPIP_TCP_SYN), DecodeOptions.NONE);
        Ipv4Header outer = (Ipv4Header) p.header(1);
        Packet df0 = p.with(1, new Ipv4Header(0, outer.identification(), false, false, 0, 63, 4, outer.src(), outer.dst()));
        List<Packet> frags = Ipv4Fragments.fragment(df0, 1, 60);
        assertEquals(2, frags.size());
        assertEquals(2, frags.get(0).headers().size(), "a fragment is not followed into the tunnel");
        Packet f0 = Packet.decodeEthernet(frags.get(0).encode(), DecodeOptions.NONE);
        assertEquals(frags.get(0), f0);
        assertEquals(df0, Ipv4Fragments.reassemble(frags, 1, DecodeOptions.NONE));
    }

    @Test
    void rejectsAnInnerLengthThatDoesNotFillTheOuterPayload() {
        byte[] frame = bytes(TunnelFrames.IPIP_TCP_SYN);
        Packet p = Packet.decodeEthernet(frame, DecodeOptions.NONE);
        Packet padded = Packet.of(Arrays.copyOf(p.from(2).encode(), 64), p.header(0), p.header(1));
        assertEquals("IPIP: inner IPv4 total length 60 does not match the outer payload of 64 bytes",
                assertThrows(WireException.class, () -> Packet.decodeEthernet(padded.encode(), DecodeOptions.NONE)).getMessage());
        Packet tiny = Packet.of(new byte[8], p.header(0), p.header(1));
        assertEquals(8, Packet.decodeEthernet(tiny.encode(), DecodeOptions.NONE).payloadLength(),
                "fewer bytes than an IPv4 header stay payload");
        frame[14 + 20 + 10] ^= 1; // inner header checksum
        assertEquals("IPv4 header checksum is wrong",
                assertThrows(WireException.class, () -> Packet.decodeEthernet(frame, DecodeOptions.NONE)).getMessage());
    }
}
