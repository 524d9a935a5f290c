package io.podnet.sim.wire;

import static io.podnet.sim.wire.LinuxCaptures.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.net.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IcmpQuoteTest {
    private static final Ipv4Address A = Ipv4Address.parse("192.168.1.10");
    private static final Ipv4Address B = Ipv4Address.parse("192.168.1.11");

    private static Packet withEthernet(Packet l3, Packet like) {
        List<Header> hs = new ArrayList<>();
        hs.add(like.first(EthernetHeader.class));
        hs.addAll(l3.headers());
        return new Packet(hs, l3.payload());
    }

    @Test
    void buildsTheCapturedPortUnreachable() {
        Packet udp = Packet.decodeEthernet(bytes(LinuxCaptures.UDP_HELLO), Set.of());
        Packet captured = Packet.decodeEthernet(bytes(LinuxCaptures.ICMP_PORT_UNREACHABLE), Set.of());
        IcmpQuote q = IcmpQuote.linux(udp, 1, 1500);
        assertEquals(34, q.length());
        assertTrue(q.complete());
        Packet error = q.errorDatagram(B, IcmpHeader.unreachable(IcmpHeader.CODE_PORT_UNREACHABLE), 19148, 64);
        assertArrayEquals(bytes(LinuxCaptures.ICMP_PORT_UNREACHABLE), withEthernet(error, captured).encode());
        assertEquals(0xc0, error.first(Ipv4Header.class).tos());
    }

    @Test
    void decodesTheQuotedUdpDatagram() {
        IcmpQuote q = IcmpQuote.fromError(Packet.decodeEthernet(bytes(LinuxCaptures.ICMP_PORT_UNREACHABLE), Set.of()));
        assertEquals(A, q.ip().src());
        assertEquals(B, q.ip().dst());
        assertEquals(39054, q.ip().identification());
        assertEquals(40000, q.srcPort());
        assertEquals(9999, q.dstPort());
        assertEquals(new UdpHeader(40000, 9999), q.transport());
        assertEquals("quoted IPv4 192.168.1.10 > 192.168.1.11 udp 40000 > 9999 (34 of 34 bytes)", q.summary());
    }

    @Test
    void linuxQuotes548BytesOfABigDatagram() {
        Packet ping = Packet.decodeEthernet(bytes(LinuxCaptures.ICMP_DF_PING), Set.of());
        Packet captured = Packet.decodeEthernet(bytes(LinuxCaptures.ICMP_FRAG_NEEDED), Set.of());
        IcmpQuote q = IcmpQuote.linux(ping, 1, 1500);
        assertEquals(548, q.length());
        assertEquals(1478, q.totalLength());
        assertFalse(q.complete());
        assertEquals(IcmpQuote.fromError(captured), q);
        Packet error = q.errorDatagram(B, IcmpHeader.fragmentationNeeded(1400), 19149, 64);
        assertArrayEquals(bytes(LinuxCaptures.ICMP_FRAG_NEEDED), withEthernet(error, captured).encode());
        assertEquals(IcmpHeader.echoRequest(10272, 1), q.transport());
        assertEquals(10272, q.srcPort());
        assertEquals(548 - 20 - 8, IcmpQuote.linux(ping, 1, 548).length(), "a small route MTU quotes less");
    }

    @Test
    void minimalQuoteIsHeaderPlus8Bytes() {
        Packet syn = Packet.decodeEthernet(bytes(LinuxCaptures.TCP_SYN), Set.of());
        IcmpQuote q = IcmpQuote.minimal(syn, 1);
        assertEquals(28, q.length());
        assertEquals(55100, q.srcPort());
        assertEquals(80, q.dstPort());
        assertNull(q.transport(), "8 bytes are not a whole TCP header");
        IcmpQuote whole = IcmpQuote.linux(syn, 1, 1500);
        assertEquals(syn.last(TcpHeader.class), whole.transport());
    }

    @Test
    void natRewritesAddressesPortsAndChecksums() {
        Packet udp = Packet.decodeEthernet(bytes(LinuxCaptures.UDP_HELLO), Set.of());
        Ipv4Address svc = Ipv4Address.parse("10.96.0.10");
        IcmpQuote q = IcmpQuote.linux(udp, 1, 1500).withDestination(svc, 53).withSource(Ipv4Address.parse("10.244.0.5"), 41000);
        // The rewritten quote must be exactly what quoting the rewritten datagram gives.
        Ipv4Header ip = udp.first(Ipv4Header.class).withDst(svc).withSrc(Ipv4Address.parse("10.244.0.5"));
        Packet rewritten = udp.with(1, ip).with(2, new UdpHeader(41000, 53));
        assertEquals(IcmpQuote.linux(rewritten, 1, 1500), q);
        // The whole quoted datagram still decodes with valid checksums.
        Packet inner = Packet.decodeIpv4(q.bytes(), Set.of());
        assertEquals(new UdpHeader(41000, 53), inner.last(UdpHeader.class));
        // Echo identifiers are rewritten like ports.
        Packet ping = Packet.decodeEthernet(bytes(LinuxCaptures.ICMP_ECHO_REQUEST), Set.of());
        IcmpQuote pq = IcmpQuote.linux(ping, 1, 1500).withSource(Ipv4Address.parse("10.0.0.1"), 7);
        Packet pinner = Packet.decodeIpv4(pq.bytes(), Set.of());
        assertEquals(IcmpHeader.echoRequest(7, 1), pinner.last(IcmpHeader.class));
    }

    @Test
    void rejectsWhatIsNotAQuote() {
        assertThrows(WireException.class, () -> IcmpQuote.decode(new byte[19]));
        Packet echo = Packet.decodeEthernet(bytes(LinuxCaptures.ICMP_ECHO_REQUEST), Set.of());
        assertThrows(IllegalArgumentException.class, () -> IcmpQuote.fromError(echo));
        assertThrows(IllegalArgumentException.class, () -> IcmpQuote.linux(echo, 0, 1500));
        IcmpQuote q = IcmpQuote.minimal(echo, 1);
        assertThrows(IllegalArgumentException.class, () -> q.errorDatagram(A, IcmpHeader.echoReply(1, 1), 0, 64));
        assertThrows(IllegalArgumentException.class, () -> IcmpQuote.linux(echo, 1, 40));
    }
}
