package io.podnet.viewer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import io.podnet.sim.wire.VxlanHeader;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderStackTest {
    static final MacAddress A = MacAddress.parse("02:00:00:00:00:0a");
    static final MacAddress B = MacAddress.parse("02:00:00:00:00:0b");
    static final Ipv4Header IP = Ipv4Header.of(Ipv4Address.parse("10.244.1.2"), Ipv4Address.parse("10.96.0.10"), 6, 64, 7);
    static final TcpHeader SYN = TcpHeader.of(39948, 80, 1, 0, TcpHeader.SYN, 64240);
    static final Packet FRAME = Packet.of(new byte[0], new EthernetHeader(B, A, EthernetHeader.TYPE_IPV4), IP, SYN);

    @Test
    void dnatMarksTheDestinationAndPortWithTheOldValues() {
        Packet after = FRAME.with(1, IP.withDst(Ipv4Address.parse("10.244.2.8")))
                .with(2, TcpHeader.of(39948, 8080, 1, 0, TcpHeader.SYN, 64240));
        HeaderStack hs = HeaderStack.of(after, FRAME);
        assertEquals(List.of("Ethernet", "IPv4", "TCP"), hs.layers().stream().map(HeaderStack.Layer::title).toList());
        HeaderStack.Field dst = hs.layer("IPv4").field("dst");
        assertTrue(dst.changed());
        assertEquals("10.244.2.8", dst.value());
        assertEquals("10.96.0.10", dst.previous());
        assertFalse(hs.layer("IPv4").field("src").changed());
        assertTrue(hs.layer("TCP").field("dst port").changed());
        assertFalse(hs.layer("Ethernet").hasChanges());
        assertEquals("SYN", hs.layer("TCP").field("flags").value());
    }

    @Test
    void encapsulationAddsOuterLayersAroundTheUnchangedInnerFrame() {
        Packet enc = FRAME.encapsulate(List.of(new EthernetHeader(A, B, EthernetHeader.TYPE_IPV4),
                new Ipv4Header(0, 0, false, false, 0, 64, 17, Ipv4Address.parse("172.18.0.2"), Ipv4Address.parse("172.18.0.3")),
                new UdpHeader(45878, 8472, false), new VxlanHeader(1)));
        HeaderStack hs = HeaderStack.of(enc, FRAME);
        assertEquals(List.of("Ethernet (outer)", "IPv4 (outer)", "UDP (outer)", "VXLAN", "Ethernet (inner)", "IPv4 (inner)",
                "TCP (inner)"), hs.layers().stream().map(HeaderStack.Layer::title).toList());
        for (int i = 0; i < 4; i++) {
            assertTrue(hs.layers().get(i).added(), hs.layers().get(i).title());
        }
        for (int i = 4; i < 7; i++) {
            assertFalse(hs.layers().get(i).hasChanges(), hs.layers().get(i).title());
        }
        assertEquals("1", hs.layer("VXLAN").field("VNI").value());
        assertEquals(104, hs.totalLength(), "54-byte frame + 50 bytes of VXLAN overhead");
        // Decapsulation: the outer layers are listed as removed.
        HeaderStack dec = HeaderStack.of(FRAME, enc);
        assertEquals(List.of("Ethernet (outer)", "IPv4 (outer)", "UDP (outer)", "VXLAN"), dec.removed());
        assertTrue(dec.hasChanges());
    }

    @Test
    void forwardingShowsTheTtlDecrementAndNoBaselineMarksNothing() {
        HeaderStack hs = HeaderStack.of(FRAME.with(1, IP.withTtl(63)), FRAME);
        assertEquals("64", hs.layer("IPv4").field("TTL").previous());
        assertFalse(HeaderStack.of(FRAME, null).hasChanges());
        assertEquals("SYN ACK", HeaderStack.tcpFlags(TcpHeader.SYN | TcpHeader.ACK));
    }
}
