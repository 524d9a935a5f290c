package io.podnet.sim.wire;

import static io.podnet.sim.wire.LinuxCaptures.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Ipv4FragmentsTest {
    private static final Packet F1 = Packet.decodeEthernet(bytes(LinuxCaptures.PING_FRAGMENT_1), Set.of());
    private static final Packet F2 = Packet.decodeEthernet(bytes(LinuxCaptures.PING_FRAGMENT_2), Set.of());

    @Test
    void fragmentsDecodeAsIpv4PlusRawBytes() {
        assertEquals(2, F1.headers().size());
        assertEquals(1376, F1.payloadLength());
        assertEquals(232, F2.payloadLength());
        assertArrayEquals(bytes(LinuxCaptures.PING_FRAGMENT_1), F1.encode());
        assertArrayEquals(bytes(LinuxCaptures.PING_FRAGMENT_2), F2.encode());
    }

    @Test
    void reassemblesTheCapturedPingInAnyOrder() {
        Packet ping = Ipv4Fragments.reassemble(List.of(F2, F1), 1, Set.of());
        assertEquals(IcmpHeader.echoRequest(10273, 1), ping.last(IcmpHeader.class));
        assertEquals(1600, ping.payloadLength());
        assertEquals(1628, ping.lengthFrom(1));
        assertTrue(!ping.first(Ipv4Header.class).isFragment());
    }

    @Test
    void fragmentsLikeLinux() {
        Packet ping = Ipv4Fragments.reassemble(List.of(F1, F2), 1, Set.of());
        List<Packet> frags = Ipv4Fragments.fragment(ping, 1, 1400);
        assertEquals(2, frags.size());
        assertArrayEquals(bytes(LinuxCaptures.PING_FRAGMENT_1), frags.get(0).encode());
        assertArrayEquals(bytes(LinuxCaptures.PING_FRAGMENT_2), frags.get(1).encode());
        assertSame(ping, Ipv4Fragments.fragment(ping, 1, 1628).get(0), "a datagram that fits is not split");
        List<Packet> small = Ipv4Fragments.fragment(ping, 1, 576);
        assertEquals(3, small.size());
        assertEquals(Ipv4Fragments.reassemble(List.of(F1, F2), 1, Set.of()), Ipv4Fragments.reassemble(small, 1, Set.of()));
        // Refragmenting a fragment keeps its offset and MF.
        List<Packet> sub = Ipv4Fragments.fragment(F1, 1, 576);
        assertEquals(3, sub.size());
        assertTrue(sub.get(2).first(Ipv4Header.class).moreFragments());
        assertEquals(ping, Ipv4Fragments.reassemble(List.of(sub.get(0), sub.get(1), sub.get(2), F2), 1, Set.of()));
    }

    @Test
    void refusesDfAndReportsMissingOrOverlappingFragments() {
        Packet df = Packet.decodeEthernet(bytes(LinuxCaptures.ICMP_DF_PING), Set.of());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Ipv4Fragments.fragment(df, 1, 1400)).getMessage()
                .contains("DF set"));
        assertEquals("first fragment (offset 0) of IPv4 id 32818 is missing",
                assertThrows(WireException.class, () -> Ipv4Fragments.reassemble(List.of(F2), 1, Set.of())).getMessage());
        assertTrue(assertThrows(WireException.class, () -> Ipv4Fragments.reassemble(List.of(F1), 1, Set.of())).getMessage()
                .startsWith("last fragment still has MF set"));
        assertEquals("fragments overlap at offset 0",
                assertThrows(WireException.class, () -> Ipv4Fragments.reassemble(List.of(F1, F1, F2), 1, Set.of())).getMessage());
        Packet ping = Ipv4Fragments.reassemble(List.of(F1, F2), 1, Set.of());
        List<Packet> three = Ipv4Fragments.fragment(ping, 1, 576);
        assertEquals("fragment data missing at offset 552",
                assertThrows(WireException.class, () -> Ipv4Fragments.reassemble(List.of(three.get(0), three.get(2)), 1, Set.of()))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ipv4Fragments.fragment(ping, 1, 27));
    }
}
