package io.podnet.sim.wire;

import static io.podnet.sim.wire.LinuxCaptures.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.MacAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArpPacketTest {
    private static final MacAddress A = MacAddress.parse("02:00:00:00:0a:01");
    private static final MacAddress B = MacAddress.parse("02:00:00:00:0a:02");
    private static final Ipv4Address IP_A = Ipv4Address.parse("192.168.1.10");
    private static final Ipv4Address IP_B = Ipv4Address.parse("192.168.1.11");

    @Test
    void decodesALinuxRequest() {
        Packet p = Packet.decodeEthernet(bytes(LinuxCaptures.ARP_REQUEST), Set.of());
        ArpPacket arp = p.last(ArpPacket.class);
        assertEquals(ArpPacket.request(A, IP_A, IP_B), arp);
        assertTrue(arp.isRequest());
        assertEquals(MacAddress.BROADCAST, p.first(EthernetHeader.class).dst());
        assertEquals("ARP who-has 192.168.1.11 tell 192.168.1.10", arp.summary());
    }

    @Test
    void factoriesBuildTheCapturedFrames() {
        ArpPacket request = ArpPacket.request(A, IP_A, IP_B);
        assertArrayEquals(bytes(LinuxCaptures.ARP_REQUEST), request.inFrame().encode());
        ArpPacket reply = request.replyFrom(B);
        assertArrayEquals(bytes(LinuxCaptures.ARP_REPLY), reply.inFrame().encode());
        assertEquals("ARP 192.168.1.11 is-at 02:00:00:00:0a:02", reply.summary());
        assertThrows(IllegalArgumentException.class, () -> reply.replyFrom(A));
    }

    @Test
    void gratuitousArpAsksForItsOwnAddress() {
        ArpPacket g = ArpPacket.gratuitous(A, IP_A);
        assertEquals(IP_A, g.senderIp());
        assertEquals(IP_A, g.targetIp());
        assertEquals(MacAddress.ZERO, g.targetMac());
    }

    @Test
    void ethernetPaddingAfterArpIsDropped() {
        byte[] padded = Arrays.copyOf(bytes(LinuxCaptures.ARP_REQUEST), 60); // as a NIC pads to the 60-byte minimum
        Packet p = Packet.decodeEthernet(padded, Set.of());
        assertEquals(0, p.payloadLength());
        assertArrayEquals(bytes(LinuxCaptures.ARP_REQUEST), p.encode());
    }

    @Test
    void rejectsTruncatedAndUnsupportedArp() {
        byte[] arp = Arrays.copyOfRange(bytes(LinuxCaptures.ARP_REQUEST), 14, 42);
        assertThrows(WireException.class, () -> ArpPacket.decode(ByteBuffer.wrap(arp, 0, 27)));
        byte[] ipv6 = arp.clone();
        ipv6[2] = (byte) 0x86;
        ipv6[3] = (byte) 0xdd;
        WireException e = assertThrows(WireException.class, () -> ArpPacket.decode(ByteBuffer.wrap(ipv6)));
        assertEquals("unsupported ARP: htype=1 ptype=0x86dd", e.getMessage());
        byte[] rarp = arp.clone();
        rarp[7] = 3;
        assertThrows(WireException.class, () -> ArpPacket.decode(ByteBuffer.wrap(rarp)));
        assertThrows(IllegalArgumentException.class, () -> new ArpPacket(3, A, IP_A, B, IP_B));
    }
}
