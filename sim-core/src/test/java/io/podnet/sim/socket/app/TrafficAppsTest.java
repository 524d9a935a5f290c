package io.podnet.sim.socket.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.engine.Durations;
import io.podnet.sim.socket.Endpoint;
import io.podnet.sim.socket.FakeNet;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficAppsTest {
    static final long D = 100 * Durations.US;
    static final long TIMEOUT = 2 * Durations.S;

    FakeNet net = new FakeNet(11, D);
    FakeNet.Host client = net.host("frontend", "10.0.0.1", 1500);
    FakeNet.Host server = net.host("backend", "10.0.0.2", 1500);
    List<TrafficResult> results = new ArrayList<>();

    TrafficSpec spec(String flow, String addr, int port, int req, int resp) {
        return new TrafficSpec(flow, Endpoint.of(addr, port), req, resp, TIMEOUT);
    }

    @Test
    void httpMessagesAreRealHttp() {
        // RFC 9112: a GET without a body, a POST whose body length Content-Length gives; a 200 response
        String get = new String(Payloads.httpRequest("my-app", 0), StandardCharsets.US_ASCII);
        assertEquals("GET / HTTP/1.1\r\nHost: my-app\r\nUser-Agent: podnet\r\nAccept: */*\r\n\r\n", get);
        byte[] post = Payloads.httpRequest("my-app:8080", 5);
        assertEquals("POST / HTTP/1.1\r\nHost: my-app:8080\r\nUser-Agent: podnet\r\nAccept: */*\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Length: 5\r\n\r\npodne",
                new String(post, StandardCharsets.US_ASCII));
        assertEquals(post.length, Http.messageLength(post, post.length));
        assertEquals("HTTP/1.1 200 OK\r\nServer: podnet\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: 9\r\n\r\npodnet-po", new String(Payloads.httpResponse(9), StandardCharsets.US_ASCII));
    }

    @Test
    void httpExchangeIsDelivered() {
        HttpServerApp srv = new HttpServerApp(server.sockets, 8080, 100).start();
        TcpClientApp c = TcpClientApp.http(client.sockets, spec("web", "10.0.0.2", 8080, 200, 4096), "my-app",
                results::add);
        net.engine.schedule(Durations.MS, c::start);
        net.engine.runUntilIdle();
        TrafficResult r = c.result();
        assertEquals(List.of(r), results);
        assertEquals(Outcome.DELIVERED, r.outcome());
        assertNull(r.error());
        assertEquals("http", r.protocol());
        assertEquals("frontend", r.namespace());
        assertEquals(Durations.MS, r.startNs());
        assertEquals(Durations.MS + 2 * D, r.connectedNs());
        assertEquals(Durations.MS + 4 * D, r.firstByteNs()); // request at +2D, response leaves at +3D
        int head = "HTTP/1.1 200 OK\r\nServer: podnet\r\nContent-Type: application/octet-stream\r\nContent-Length: 100\r\n\r\n"
                .length();
        assertEquals(head + 100, r.bytesReceived());
        assertEquals(Payloads.httpRequest("my-app", 200).length, r.bytesSent());
        assertEquals(Endpoint.of("10.0.0.2", 8080), r.server());
        assertEquals(c.connection().local(), r.local());
        assertEquals(1, srv.served().size());
        ServedRequest sr = srv.served().get(0);
        assertEquals("web", sr.flow());
        assertEquals(r.local(), sr.client());
        assertEquals(r.bytesSent(), sr.requestBytes(), "the server answers once the whole body is in");
        // The exchange ends with FINs both ways and the client's TIME_WAIT; the client traces nothing itself.
        assertTrue(net.trace.events().stream().noneMatch(e -> e.kind() == EventKind.NOTE && "web".equals(e.flow())));
        long fins = net.delivered().stream().filter(p -> p.first(TcpHeader.class).has(TcpHeader.FIN)).count();
        assertEquals(2, fins);
    }

    @Test
    void tcpRequestResponse() {
        new TcpServerApp(server.sockets, 9000, 200, 4096).start();
        TcpClientApp c = TcpClientApp.tcp(client.sockets, spec("t", "10.0.0.2", 9000, 200, 4096), results::add);
        c.start();
        net.engine.runUntilIdle();
        assertEquals(Outcome.DELIVERED, c.result().outcome());
        assertEquals(4096, c.result().bytesReceived());
        assertEquals(200, c.result().bytesSent());
        List<Integer> sizes = net.delivered().stream().filter(p -> p.first(TcpHeader.class).srcPort() == 9000
                && p.payloadLength() > 0).map(Packet::payloadLength).toList();
        assertEquals(List.of(1448, 1448, 1200), sizes); // MSS 1460 - 12 bytes of timestamps
    }

    @Test
    void closedPortIsRefused() {
        TcpClientApp c = TcpClientApp.http(client.sockets, spec("x", "10.0.0.2", 80, 100, 100), "h", results::add);
        c.start();
        net.engine.runUntilIdle();
        TrafficResult r = c.result();
        assertEquals(Outcome.REFUSED, r.outcome());
        assertEquals("ECONNREFUSED (Connection refused)", r.error());
        assertEquals(-1, r.connectedNs());
        assertEquals(2 * D, r.completeNs());
        assertNull(r.server());
    }

    @Test
    void silenceIsATimeoutAndLeavesNoTimersBehind() {
        net.dropIf(p -> true);
        TcpClientApp c = TcpClientApp.tcp(client.sockets, spec("x", "10.0.0.2", 80, 100, 100), results::add);
        c.start();
        net.engine.runUntilIdle();
        TrafficResult r = c.result();
        assertEquals(Outcome.TIMEOUT, r.outcome());
        assertEquals(TIMEOUT, r.completeNs());
        assertEquals(TIMEOUT, net.engine.now());
        assertEquals("no complete response within 2000ms", r.error());
        assertEquals(1, r.retransmissions()); // SYN at 0 s and 1 s
        assertEquals(List.of(), client.sockets.connections());
    }

    @Test
    void unreachableHostIsDropped() {
        TcpClientApp c = TcpClientApp.tcp(client.sockets, spec("x", "10.0.7.7", 80, 100, 100), results::add);
        c.start();
        net.engine.runUntilIdle();
        assertEquals(Outcome.DROPPED, c.result().outcome());
        assertEquals("EHOSTUNREACH (No route to host)", c.result().error());
    }

    @Test
    void udpDeliveredAndRefused() {
        new UdpServerApp(server.sockets, 53, 120).start();
        UdpClientApp ok = new UdpClientApp(client.sockets, spec("dns", "10.0.0.2", 53, 40, 120), results::add);
        UdpClientApp no = new UdpClientApp(client.sockets, spec("dns2", "10.0.0.2", 54, 40, 120), results::add);
        ok.start();
        no.start();
        net.engine.runUntilIdle();
        assertEquals(Outcome.DELIVERED, ok.result().outcome());
        assertEquals(120, ok.result().bytesReceived());
        assertEquals(2 * D, ok.result().firstByteNs());
        assertEquals(Endpoint.of("10.0.0.2", 53), ok.result().server());
        assertEquals("10.0.0.1", ok.result().local().address().toString());
        assertEquals(Outcome.REFUSED, no.result().outcome());
        assertEquals("ECONNREFUSED (Connection refused)", no.result().error());
    }

    @Test
    void pingDeliveredAndDropped() {
        PingClientApp ok = new PingClientApp(client.sockets, spec("p", "10.0.0.2", 0, 56, 0), results::add);
        PingClientApp lost = new PingClientApp(client.sockets, spec("p2", "10.0.8.8", 0, 56, 0), results::add);
        ok.start();
        lost.start();
        net.engine.runUntilIdle();
        assertEquals(Outcome.DELIVERED, ok.result().outcome());
        assertEquals(56, ok.result().bytesReceived());
        assertEquals(2 * D, ok.result().durationNs());
        assertEquals(Outcome.DROPPED, lost.result().outcome());
        assertEquals("EHOSTUNREACH (No route to host) reported by 10.0.0.254", lost.result().error());
    }

    @Test
    void manyClientsUseDistinctPortsAndAllAreServed() {
        HttpServerApp srv = new HttpServerApp(server.sockets, 80, 1000).start();
        List<TcpClientApp> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            TcpClientApp c = TcpClientApp.http(client.sockets, spec("w" + i, "10.0.0.2", 80, 150, 1000), "h",
                    results::add);
            clients.add(c);
            net.engine.schedule(i * Durations.US * 10, c::start);
        }
        net.engine.runUntilIdle();
        assertEquals(20, results.size());
        assertTrue(results.stream().allMatch(r -> r.outcome() == Outcome.DELIVERED));
        assertEquals(20, results.stream().map(r -> r.local().port()).distinct().count());
        assertEquals(20, srv.served().size());
    }

    @Test
    void badSpecsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrafficSpec("f", Endpoint.of("10.0.0.2", 80), -1, 0, 1));
        assertEquals("traffic 'f': request and response sizes must be >= 0, were -1 and 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TcpClientApp.tcp(client.sockets,
                spec("f", "10.0.0.2", 0, 1, 1), null));
    }
}
