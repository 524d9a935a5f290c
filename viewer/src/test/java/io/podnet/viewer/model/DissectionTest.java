package io.podnet.viewer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import io.podnet.sim.wire.VxlanHeader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The field tree's byte ranges and the payload decoders. The BGP message is written out by hand
 * after RFC 4271 section 4 (marker, length, type; UPDATE: withdrawn routes, path attributes with
 * their flag/type/length, NLRI as length-prefixed prefixes); the DNS query after RFC 1035
 * section 4.1 (12-byte header, QNAME as labels, QTYPE, QCLASS).
 */
class DissectionTest {
    static final Ipv4Address A = Ipv4Address.parse("172.18.0.2");
    static final Ipv4Address B = Ipv4Address.parse("172.18.0.3");

    @Test
    void fieldsPointAtTheirBytes() {
        Packet p = Packet.of(new byte[0], Ipv4Header.of(A, B, Ipv4Header.PROTO_UDP, 64, 1), new UdpHeader(40000, 4789, false),
                new VxlanHeader(0x123456));
        Dissection d = Dissection.of(p);
        assertArrayEquals(p.encode(), d.bytes());
        Dissection.Node vni = d.find("VNI");
        assertNotNull(vni);
        assertEquals("VNI: " + 0x123456, vni.label());
        assertEquals(20 + 8 + 4, vni.offset(), "VNI is bytes 4-6 of the VXLAN header (RFC 7348 section 5)");
        assertEquals(3, vni.length());
        byte[] b = d.bytes();
        assertEquals(0x12, b[vni.offset()] & 0xff);
        assertEquals(0x56, b[vni.offset() + 2] & 0xff);
        Dissection.Node dst = d.find("dst port");
        assertEquals(20 + 2, dst.offset());
        assertEquals(2, dst.length());
    }

    @Test
    void bgpUpdateIsDecoded() {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        byte[] attrs = {
            0x40, 1, 1, 0, // ORIGIN IGP (well-known transitive)
            0x40, 2, 0, // AS_PATH empty (iBGP)
            0x40, 3, 4, (byte) 172, 18, 0, 2, // NEXT_HOP
            0x40, 5, 4, 0, 0, 0, 100}; // LOCAL_PREF 100
        byte[] nlri = {26, 10, (byte) 244, 1, 64}; // 10.244.1.64/26
        int len = 19 + 2 + 2 + attrs.length + nlri.length;
        byte[] marker = new byte[16];
        Arrays.fill(marker, (byte) 0xff);
        m.writeBytes(marker);
        m.writeBytes(new byte[] {(byte) (len >> 8), (byte) len, 2, 0, 0, 0, (byte) attrs.length});
        m.writeBytes(attrs);
        m.writeBytes(nlri);
        m.writeBytes(marker);
        m.writeBytes(new byte[] {0, 19, 4}); // a KEEPALIVE after it in the same segment
        Packet p = Packet.of(m.toByteArray(), Ipv4Header.of(A, B, Ipv4Header.PROTO_TCP, 64, 1),
                TcpHeader.of(42886, 179, 1, 1, TcpHeader.ACK | TcpHeader.PSH, 64240));
        Dissection d = Dissection.of(p);
        Dissection.Node bgp = d.find("Border Gateway Protocol");
        assertNotNull(bgp);
        assertEquals("Border Gateway Protocol, 2 messages", bgp.label());
        assertEquals("BGP UPDATE Message", bgp.children().get(0).label());
        assertEquals("BGP KEEPALIVE Message", bgp.children().get(1).label());
        assertNotNull(d.find("NEXT_HOP: 172.18.0.2"));
        assertNotNull(d.find("ORIGIN: IGP"));
        assertNotNull(d.find("LOCAL_PREF: 100"));
        Dissection.Node prefix = d.find("10.244.1.64/26");
        assertNotNull(prefix);
        assertEquals(5, prefix.length());
        assertEquals(26, d.bytes()[prefix.offset()]);
    }

    @Test
    void dnsQueryAndHttpRequestAreDecoded() {
        byte[] q = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
            6, 'm', 'y', '-', 'a', 'p', 'p', 7, 'd', 'e', 'f', 'a', 'u', 'l', 't', 0, 0, 1, 0, 1};
        Dissection d = Dissection.of(Packet.of(q, Ipv4Header.of(A, B, Ipv4Header.PROTO_UDP, 64, 1),
                new UdpHeader(40000, 53, true)));
        assertNotNull(d.find("Domain Name System (query)"));
        assertNotNull(d.find("Transaction ID: 0x1234"));
        assertNotNull(d.find("my-app.default: type A, class 1"));
        byte[] get = "GET /index.html HTTP/1.1\r\nHost: my-app\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        Dissection h = Dissection.of(Packet.of(get, Ipv4Header.of(A, B, Ipv4Header.PROTO_TCP, 64, 1),
                TcpHeader.of(40000, 80, 1, 1, TcpHeader.ACK | TcpHeader.PSH, 64240)));
        Dissection.Node http = h.find("Hypertext Transfer Protocol");
        assertTrue(http.label().endsWith("GET /index.html HTTP/1.1"), http.label());
        assertEquals("Host: my-app", http.children().get(1).label());
    }
}
