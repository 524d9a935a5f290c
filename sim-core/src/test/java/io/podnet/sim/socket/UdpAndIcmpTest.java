package io.podnet.sim.socket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.engine.Durations;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.UdpHeader;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class UdpAndIcmpTest {
    static final long DELAY = 50 * Durations.US;

    @Test
    void udpRequestAndReply() {
        FakeNet net = new FakeNet(1, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1500);
        FakeNet.Host b = net.host("server", "10.0.0.2", 1500);
        b.sockets.udpBind(Ipv4Address.ANY, 5353, (s, from, to, data, flow) ->
                s.sendTo(from, ("re:" + new String(data)).getBytes(), flow));
        List<String> got = new ArrayList<>();
        UdpSocket c = a.sockets.udpOpen((s, from, to, data, flow) -> got.add(from + " " + new String(data) + " " + flow));
        assertTrue(c.local().port() >= 32768 && c.local().port() <= 60999);
        assertTrue(c.sendTo(Endpoint.of("10.0.0.2", 5353), "hi".getBytes(), "dns"));
        net.engine.runUntilIdle();
        assertEquals(List.of("10.0.0.2:5353 re:hi dns"), got);
        Packet req = net.delivered().get(0);
        assertEquals(new UdpHeader(c.local().port(), 5353), req.first(UdpHeader.class));
        assertEquals(Ipv4Address.parse("10.0.0.1"), ((Ipv4Header) req.header(0)).src());
    }

    @Test
    void udpToClosedPortGetsPortUnreachable() {
        FakeNet net = new FakeNet(1, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1500);
        net.host("server", "10.0.0.2", 1500);
        List<String> errors = new ArrayList<>();
        UdpSocket c = a.sockets.udpBind(Ipv4Address.ANY, 40000, new UdpHandler() {
            @Override
            public void onDatagram(UdpSocket s, Endpoint from, Ipv4Address to, byte[] data, String flow) {
                errors.add("unexpected data");
            }

            @Override
            public void onError(UdpSocket s, Endpoint remote, SocketError error) {
                errors.add(remote + " " + error.describe());
            }
        });
        c.sendTo(Endpoint.of("10.0.0.2", 9999), new byte[] {1, 2, 3, 4}, "u");
        net.engine.runUntilIdle();
        assertEquals(List.of("10.0.0.2:9999 ECONNREFUSED (Connection refused)"), errors);
        Packet icmp = net.delivered().get(1);
        Ipv4Header ip = (Ipv4Header) icmp.header(0);
        assertEquals("10.0.0.2", ip.src().toString());
        assertEquals("10.0.0.1", ip.dst().toString());
        assertEquals(0xc0, ip.tos());
        assertEquals(IcmpHeader.unreachable(3), icmp.header(1));
        // The quote is the whole offending datagram: 20 + 8 + 4 bytes, starting 45 00 00 20.
        byte[] quote = icmp.payload();
        assertEquals(32, quote.length);
        assertEquals("45000020", HexFormat.of().formatHex(quote, 0, 4));
        assertEquals("9c40270f000c", HexFormat.of().formatHex(quote, 20, 26)); // ports 40000 > 9999, length 12
        assertArrayEquals(new byte[] {1, 2, 3, 4}, java.util.Arrays.copyOfRange(quote, 28, 32));
        TraceEvent drop = net.trace.events().stream().filter(e -> e.kind() == EventKind.DROP).findFirst().orElseThrow();
        assertEquals("no UDP socket is bound to 10.0.0.2:9999; the kernel answers with ICMP port unreachable",
                drop.explanation());
        assertEquals(DropReason.NO_SOCKET, ((Decision.Drop) drop.decision()).reason());
        assertTrue(net.trace.events().stream().anyMatch(e -> e.kind() == EventKind.ICMP_ERROR
                && e.explanation().equals("ICMP port unreachable from 10.0.0.2 to 10.0.0.1 quoting UDP 10.0.0.1:40000 > 10.0.0.2:9999")));
    }

    @Test
    void pingGetsEchoReplyWithSamePayload() {
        FakeNet net = new FakeNet(1, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1500);
        net.host("server", "10.0.0.2", 1500);
        List<String> got = new ArrayList<>();
        PingSocket p = a.sockets.pingSocket((s, from, seq, payload) ->
                got.add(from + " seq " + seq + " " + payload.length + " at " + net.engine.now()));
        byte[] payload = new byte[56];
        payload[0] = 42;
        p.send(Ipv4Address.parse("10.0.0.2"), 1, payload, "ping");
        net.engine.runUntilIdle();
        assertEquals(List.of("10.0.0.2 seq 1 56 at " + 2 * DELAY), got);
        Packet reply = net.delivered().get(1);
        assertEquals(IcmpHeader.echoReply(p.identifier(), 1), reply.header(1));
        assertArrayEquals(payload, reply.payload());
        assertTrue(net.trace.events().stream().anyMatch(e -> e.kind() == EventKind.DELIVER && e.namespace().equals("server")
                && e.explanation().equals("ICMP echo request from 10.0.0.1 reached the kernel of server, which answers with an echo reply")));
    }

    @Test
    void pingToUnreachableHostReportsTheError() {
        FakeNet net = new FakeNet(1, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1500);
        List<String> got = new ArrayList<>();
        PingSocket p = a.sockets.pingSocket(new PingHandler() {
            @Override
            public void onReply(PingSocket s, Ipv4Address from, int seq, byte[] payload) {
                got.add("reply");
            }

            @Override
            public void onError(PingSocket s, Ipv4Address reporter, int seq, SocketError e) {
                got.add(reporter + " seq " + seq + " " + e.name());
            }
        });
        p.send(Ipv4Address.parse("10.0.9.9"), 7, new byte[8], "ping");
        net.engine.runUntilIdle();
        assertEquals(List.of("10.0.0.254 seq 7 EHOSTUNREACH"), got);
    }

    @Test
    void quoteIsParsedFromLiteralBytes() {
        // IPv4 10.244.1.2 > 10.96.0.10 proto TCP, then TCP 40312 > 80 seq 0x01020304.
        byte[] q = HexFormat.of().parseHex("4500003c1c4640004006000a0af401020a60000a" + "9d78005001020304");
        QuotedDatagram quote = QuotedDatagram.parse(q);
        assertEquals(new QuotedDatagram(Ipv4Address.parse("10.244.1.2"), Ipv4Address.parse("10.96.0.10"), 6, 40312, 80,
                0x01020304L), quote);
        assertEquals("TCP 10.244.1.2:40312 > 10.96.0.10:80", quote.describe());
        assertNull(QuotedDatagram.parse(java.util.Arrays.copyOf(q, 27)));
        assertNull(QuotedDatagram.parse(HexFormat.of().parseHex("6000000000000000000000000000000000000000" + "0000000000000000")));
    }

    @Test
    void bindConflictsAreClearErrors() {
        FakeNet net = new FakeNet(1, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1500);
        a.sockets.listen(80, c -> null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> a.sockets.listen(Ipv4Address.parse("10.0.0.1"), 80, c -> null));
        assertEquals("EADDRINUSE: TCP port 80 is already listened on at 0.0.0.0:80 in client", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.sockets.listen(0, c -> null));
        a.sockets.udpBind(Ipv4Address.ANY, 53, (s, f, t, d, fl) -> { });
        assertThrows(IllegalArgumentException.class, () -> a.sockets.udpBind(Ipv4Address.ANY, 53, (s, f, t, d, fl) -> { }));
    }

    @Test
    void connectPortsAreEvenAndDistinct() {
        FakeNet net = new FakeNet(3, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1500);
        net.host("server", "10.0.0.2", 1500);
        java.util.Set<Integer> ports = new java.util.TreeSet<>();
        for (int i = 0; i < 50; i++) {
            TcpConnection c = a.sockets.connect(Endpoint.of("10.0.0.2", 80), "f", new TcpHandler() {});
            int port = c.local().port();
            assertTrue(port >= 32768 && port <= 60999 && port % 2 == 0, "port " + port);
            ports.add(port);
        }
        assertEquals(50, ports.size());
        assertEquals(50, a.sockets.connections().size());
    }

    @Test
    void strayAckToClosedPortGetsPlainRstWithItsAckAsSequence() {
        FakeNet net = new FakeNet(1, DELAY);
        FakeNet.Host b = net.host("server", "10.0.0.2", 1500);
        Packet ack = Packet.of(new byte[0], Ipv4Header.of(Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2"),
                Ipv4Header.PROTO_TCP, 64, 1), io.podnet.sim.wire.TcpHeader.of(40000, 80, 1000, 5555,
                io.podnet.sim.wire.TcpHeader.ACK, 100));
        b.sockets.deliver(new io.podnet.sim.wire.PacketBuffer(99, "stray", ack));
        Packet rst = net.wire.get(0).packet();
        assertEquals(io.podnet.sim.wire.TcpHeader.of(80, 40000, 5555, 0, io.podnet.sim.wire.TcpHeader.RST, 0),
                rst.first(io.podnet.sim.wire.TcpHeader.class));
        assertEquals("no TCP socket listens on 10.0.0.2:80; the kernel answers with RST",
                net.trace.events().get(0).explanation());
        // A RST that finds no socket is dropped without an answer.
        Packet r = Packet.of(new byte[0], Ipv4Header.of(Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2"),
                Ipv4Header.PROTO_TCP, 64, 2), io.podnet.sim.wire.TcpHeader.of(40000, 80, 1000, 0,
                io.podnet.sim.wire.TcpHeader.RST, 0));
        b.sockets.deliver(new io.podnet.sim.wire.PacketBuffer(100, "stray", r));
        assertEquals(1, net.wire.stream().filter(s -> s.from().equals("server")).count());
    }

    @Test
    void quoteCarriedAsHeadersIsUnderstoodToo() {
        Ipv4Header outer = Ipv4Header.of(Ipv4Address.parse("10.0.0.254"), Ipv4Address.parse("10.0.0.1"),
                Ipv4Header.PROTO_ICMP, 64, 3);
        Ipv4Header inner = Ipv4Header.of(Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2"),
                Ipv4Header.PROTO_UDP, 63, 4);
        Packet p = Packet.of(new byte[0], outer, IcmpHeader.unreachable(1), inner, new UdpHeader(33000, 53));
        assertEquals(new QuotedDatagram(Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2"), 17, 33000, 53, 0),
                QuotedDatagram.of(p));
    }
}
