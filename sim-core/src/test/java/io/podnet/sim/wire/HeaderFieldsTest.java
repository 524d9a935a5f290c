package io.podnet.sim.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.MacAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each header's field listing points at the bits that hold the value (checked against the encoded bytes). */
class HeaderFieldsTest {
    private static final MacAddress A = MacAddress.parse("02:00:00:00:00:0a");
    private static final MacAddress B = MacAddress.parse("02:00:00:00:00:0b");
    private static final Ipv4Header IP = new Ipv4Header(0x10, 4242, true, false, 0, 63, Ipv4Header.PROTO_TCP,
            Ipv4Address.parse("10.244.1.2"), Ipv4Address.parse("10.96.0.10"));

    @Test
    void decimalFieldsAreTheBitsTheyPointAt() {
        TcpHeader tcp = new TcpHeader(39948, 80, 123456789L, 987654321L, TcpHeader.SYN | TcpHeader.ACK, 64240, 1460, 7,
                true, new TcpHeader.Timestamps(1, 2));
        Packet p = Packet.of(new byte[3], new EthernetHeader(B, A, EthernetHeader.TYPE_IPV4), IP, tcp);
        byte[] bytes = p.encode();
        int offset = 0;
        int checked = 0;
        for (Header h : p.headers()) {
            for (HeaderField f : h.fields()) {
                assertTrue(f.bitOffset() + f.bitLength() <= h.encodedLength() * 8, h.title() + " " + f.name());
                if (f.value().matches("[0-9]+")) {
                    assertEquals(Long.parseLong(f.value()), bits(bytes, offset * 8 + f.bitOffset(), f.bitLength()),
                            h.title() + " " + f.name());
                    checked++;
                }
            }
            offset += h.encodedLength();
        }
        assertEquals(9, checked, "TTL, id, ports, seq, ack, window, MSS, wscale");
        assertEquals(0x012, bits(bytes, (14 + 20) * 8 + 103, 9), "TCP flags SYN ACK");
    }

    @Test
    void titlesAndLayersNameTheProtocol() {
        List<Header> hs = List.of(new EthernetHeader(B, A, 0x0800), IP, new UdpHeader(1, 2), new VxlanHeader(1),
                GeneveHeader.ethernet(2), new WireguardHeader(1, 2), IcmpHeader.echoRequest(1, 2),
                ArpPacket.request(A, IP.src(), IP.dst()), TcpHeader.of(1, 2, 3, 4, TcpHeader.SYN, 5));
        assertEquals(List.of("Ethernet", "IPv4", "UDP", "VXLAN", "GENEVE", "WireGuard", "ICMP", "ARP", "TCP"),
                hs.stream().map(Header::title).toList());
        assertEquals(List.of("ethernet", "ipv4", "udp", "vxlan", "geneve", "wireguard", "icmp", "arp", "tcp"),
                hs.stream().map(Header::layer).toList());
    }

    static long bits(byte[] b, int bitOffset, int bitLength) {
        long v = 0;
        for (int i = 0; i < bitLength; i++) {
            int bit = bitOffset + i;
            v = v << 1 | ((b[bit / 8] >> (7 - bit % 8)) & 1);
        }
        return v;
    }
}
