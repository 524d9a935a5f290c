package io.podnet.sim.socket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.engine.Durations;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TcpConnectionTest {
    static final long DELAY = 100 * Durations.US;

    /** Records everything a connection reports. */
    static final class Recorder implements TcpHandler {
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final List<String> events = new ArrayList<>();
        long connectedAt = -1;
        SocketError error;
        final FakeNet net;

        Recorder(FakeNet net) {
            this.net = net;
        }

        @Override
        public void onConnected(TcpConnection c) {
            connectedAt = net.engine.now();
            events.add("connected");
        }

        @Override
        public void onData(TcpConnection c, byte[] d) {
            data.writeBytes(d);
        }

        @Override
        public void onPeerClosed(TcpConnection c) {
            events.add("peer-closed");
        }

        @Override
        public void onClosed(TcpConnection c) {
            events.add("closed");
        }

        @Override
        public void onError(TcpConnection c, SocketError e) {
            error = e;
            events.add("error " + e.name());
        }
    }

    /** Server: answers each {@code req} bytes with {@code resp} bytes, closes when the peer does. */
    static void serve(SocketLayer s, int port, int req, int resp) {
        s.listen(port, conn -> new TcpHandler() {
            int pending;

            @Override
            public void onData(TcpConnection c, byte[] d) {
                pending += d.length;
                while (pending >= req) {
                    pending -= req;
                    byte[] out = new byte[resp];
                    for (int i = 0; i < resp; i++) {
                        out[i] = (byte) ('a' + i % 26);
                    }
                    c.send(out);
                }
            }

            @Override
            public void onPeerClosed(TcpConnection c) {
                c.close();
            }
        });
    }

    static String segments(FakeNet net) {
        return net.delivered().stream()
                .filter(p -> p.first(TcpHeader.class) != null)
                .map(p -> (((Ipv4Header) p.header(0)).src().toString().endsWith(".1") ? "C " : "S ") + FakeNet.flags(p))
                .collect(Collectors.joining(", "));
    }

    @Test
    void handshakeRequestResponseAndFinBothWays() {
        FakeNet net = new FakeNet(7, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1500);
        FakeNet.Host b = net.host("server", "10.0.0.2", 1500);
        serve(b.sockets, 8080, 100, 1000);
        Recorder r = new Recorder(net);
        TcpConnection c = a.sockets.connect(Endpoint.of("10.0.0.2", 8080), "f1", new TcpHandler() {
            @Override
            public void onConnected(TcpConnection conn) {
                r.onConnected(conn);
                conn.send(new byte[100]);
            }

            @Override
            public void onData(TcpConnection conn, byte[] d) {
                r.onData(conn, d);
                if (r.data.size() == 1000) {
                    conn.close();
                }
            }

            @Override
            public void onPeerClosed(TcpConnection conn) {
                r.onPeerClosed(conn);
            }

            @Override
            public void onClosed(TcpConnection conn) {
                r.onClosed(conn);
            }
        });
        assertEquals(TcpState.SYN_SENT, c.state());
        net.engine.runUntilIdle();

        assertEquals("C S, S S., C ., C P.:100, S P.:1000, C F., S F., C .", segments(net));
        assertEquals(List.of("connected", "peer-closed", "closed"), r.events);
        assertEquals(2 * DELAY, r.connectedAt);
        assertEquals(1000, r.data.size());
        assertEquals("abcdefghij", r.data.toString().substring(0, 10));
        assertEquals(TcpState.CLOSED, c.state());
        assertEquals(List.of(), a.sockets.connections());
        assertEquals(List.of(), b.sockets.connections());

        // Sequence numbers: SYN-ACK acknowledges ISN+1, request starts at ISN+1.
        List<Packet> w = net.delivered();
        TcpHeader syn = w.get(0).first(TcpHeader.class);
        TcpHeader synAck = w.get(1).first(TcpHeader.class);
        assertEquals(c.initialSequenceNumber(), syn.seq());
        assertEquals((syn.seq() + 1) & 0xffffffffL, synAck.ack());
        assertEquals(1460, syn.mss());
        assertEquals(7, syn.windowScale());
        assertTrue(syn.sackPermitted());
        assertEquals(64240, syn.window());
        TcpHeader req = w.get(3).first(TcpHeader.class);
        assertEquals((syn.seq() + 1) & 0xffffffffL, req.seq());
        assertEquals((synAck.seq() + 1) & 0xffffffffL, req.ack());
        assertEquals(131072 >> 7, req.window());
        // Ports: client's ephemeral port is even and in Linux's range.
        assertTrue(syn.srcPort() >= 32768 && syn.srcPort() <= 60999 && syn.srcPort() % 2 == 0, "port " + syn.srcPort());
        assertEquals(8080, syn.dstPort());
    }

    @Test
    void traceExplainsSendAndDeliver() {
        FakeNet net = new FakeNet(7, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1500);
        FakeNet.Host b = net.host("server", "10.0.0.2", 1500);
        serve(b.sockets, 80, 1, 1);
        TcpConnection c = a.sockets.connect(Endpoint.of("10.0.0.2", 80), "web", new TcpHandler() {});
        net.engine.runUntil(DELAY);
        TraceEvent send = net.trace.events().get(0);
        assertEquals(EventKind.SEND, send.kind());
        assertEquals("TCP SYN from 10.0.0.1:" + c.local().port() + " to 10.0.0.2:80 (connect)", send.explanation());
        assertEquals("client", send.namespace());
        assertEquals("web", send.flow());
        assertTrue(send.decision() instanceof Decision.Socket s && s.state().equals("SYN_SENT"));
        TraceEvent deliver = net.trace.events().get(1);
        assertEquals(EventKind.DELIVER, deliver.kind());
        assertEquals("TCP SYN from 10.0.0.1:" + c.local().port() + " delivered to socket 10.0.0.2:80 (LISTEN)",
                deliver.explanation());
        assertEquals("server", deliver.namespace());
        assertEquals("web", net.trace.events().get(2).flow()); // the SYN-ACK carries the flow of the SYN
        assertEquals(EventKind.SEND, net.trace.events().get(2).kind());
        assertTrue(net.trace.events().get(2).explanation().startsWith("TCP SYN-ACK from 10.0.0.2:80 to 10.0.0.1:"));
    }

    @Test
    void rstForClosedPortIsRefused() {
        FakeNet net = new FakeNet(7, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1500);
        net.host("server", "10.0.0.2", 1500);
        Recorder r = new Recorder(net);
        TcpConnection c = a.sockets.connect(Endpoint.of("10.0.0.2", 81), "f", r);
        net.engine.runUntilIdle();
        assertEquals(SocketError.ECONNREFUSED, r.error);
        assertEquals(TcpState.CLOSED, c.state());
        assertEquals("C S, S R.", segments(net));
        TcpHeader rst = net.delivered().get(1).first(TcpHeader.class);
        assertEquals(0, rst.seq());
        assertEquals((c.initialSequenceNumber() + 1) & 0xffffffffL, rst.ack());
        assertEquals(c.local().port(), rst.dstPort());
        TraceEvent drop = net.trace.events().stream().filter(e -> e.kind() == EventKind.DROP).findFirst().orElseThrow();
        assertEquals("server", drop.namespace());
        assertEquals("no TCP socket listens on 10.0.0.2:81; the kernel answers with RST/ACK", drop.explanation());
        assertEquals(DropReason.NO_SOCKET, ((Decision.Drop) drop.decision()).reason());
        assertEquals(2 * DELAY, net.engine.now());
    }

    @Test
    void synIsRetransmittedAfterOneSecondThenConnects() {
        FakeNet net = new FakeNet(7, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1500);
        FakeNet.Host b = net.host("server", "10.0.0.2", 1500);
        serve(b.sockets, 80, 10, 10);
        AtomicInteger syns = new AtomicInteger();
        net.dropIf(p -> {
            TcpHeader t = p.first(TcpHeader.class);
            return t != null && t.flags() == TcpHeader.SYN && syns.incrementAndGet() <= 2;
        });
        Recorder r = new Recorder(net);
        a.sockets.connect(Endpoint.of("10.0.0.2", 80), "f", r);
        net.engine.runUntilIdle();
        List<Long> synTimes = net.wire.stream().filter(s -> s.packet().first(TcpHeader.class).flags() == TcpHeader.SYN)
                .map(FakeNet.Sent::time).toList();
        assertEquals(List.of(0L, Durations.S, 3 * Durations.S), synTimes); // 1 s, then 2 s backoff
        assertEquals(3 * Durations.S + 2 * DELAY, r.connectedAt);
    }

    @Test
    void connectTimesOutAfterSynRetries() {
        FakeNet net = new FakeNet(7, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1500, TcpConfig.LINUX.withSynRetries(2));
        net.host("server", "10.0.0.2", 1500);
        net.dropIf(p -> true);
        Recorder r = new Recorder(net);
        a.sockets.connect(Endpoint.of("10.0.0.2", 80), "f", r);
        net.engine.runUntilIdle();
        assertEquals(SocketError.ETIMEDOUT, r.error);
        assertEquals(7 * Durations.S, net.engine.now()); // 1 + 2 + 4 s
        assertEquals(3, net.wire.size());
    }

    @Test
    void lostDataSegmentIsRetransmittedAndStreamIsIntact() {
        FakeNet net = new FakeNet(7, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1500);
        FakeNet.Host b = net.host("server", "10.0.0.2", 1500);
        serve(b.sockets, 80, 100, 20_000);
        AtomicInteger n = new AtomicInteger();
        // Drop the 3rd data segment from the server the first time it is sent.
        net.dropIf(p -> {
            TcpHeader t = p.first(TcpHeader.class);
            return t != null && t.srcPort() == 80 && p.payloadLength() > 0 && n.incrementAndGet() == 3;
        });
        Recorder r = new Recorder(net);
        a.sockets.connect(Endpoint.of("10.0.0.2", 80), "f", new TcpHandler() {
            @Override
            public void onConnected(TcpConnection c) {
                c.send(new byte[100]);
            }

            @Override
            public void onData(TcpConnection c, byte[] d) {
                r.onData(c, d);
            }
        });
        net.engine.runUntilIdle();
        assertEquals(20_000, r.data.size());
        byte[] expect = new byte[20_000];
        for (int i = 0; i < expect.length; i++) {
            expect[i] = (byte) ('a' + i % 26);
        }
        assertArrayEquals(expect, r.data.toByteArray());
        long retrans = net.trace.events().stream()
                .filter(e -> e.kind() == EventKind.SEND && e.explanation().contains("fast retransmit")).count();
        assertEquals(1, retrans);
    }

    @Test
    void lostTailSegmentIsRetransmittedOnTimeout() {
        FakeNet net = new FakeNet(7, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1500);
        FakeNet.Host b = net.host("server", "10.0.0.2", 1500);
        serve(b.sockets, 80, 100, 500);
        AtomicInteger n = new AtomicInteger();
        net.dropIf(p -> {
            TcpHeader t = p.first(TcpHeader.class);
            return t != null && t.srcPort() == 80 && p.payloadLength() > 0 && n.incrementAndGet() == 1;
        });
        Recorder r = new Recorder(net);
        a.sockets.connect(Endpoint.of("10.0.0.2", 80), "f", new TcpHandler() {
            @Override
            public void onConnected(TcpConnection c) {
                c.send(new byte[100]);
            }

            @Override
            public void onData(TcpConnection c, byte[] d) {
                r.onData(c, d);
                r.connectedAt = net.engine.now();
            }
        });
        net.engine.runUntilIdle();
        assertEquals(500, r.data.size());
        // Sent at 3*DELAY; RTO = SRTT (200us) + max(4*RTTVAR, 200 ms) after the handshake sample.
        long sentAt = 3 * DELAY;
        assertEquals(sentAt + 2 * DELAY + 200 * Durations.MS + DELAY, r.connectedAt);
        TraceEvent re = net.trace.events().stream()
                .filter(e -> e.kind() == EventKind.SEND && e.explanation().contains("retransmission")
                        && e.explanation().contains("from 10.0.0.2:80")).findFirst()
                .orElseThrow();
        assertEquals("TCP data (500 bytes) from 10.0.0.2:80 to 10.0.0.1:" + re.packet().first(TcpHeader.class).dstPort()
                + " (retransmission after RTO (attempt 1))", re.explanation());
    }

    @Test
    void mssComesFromTheRouteMtu() {
        FakeNet net = new FakeNet(7, DELAY);
        TcpConfig noTs = TcpConfig.LINUX.withTimestamps(false);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1450, noTs);
        FakeNet.Host b = net.host("server", "10.0.0.2", 1500, noTs);
        serve(b.sockets, 80, 10, 10_000);
        TcpConnection c = a.sockets.connect(Endpoint.of("10.0.0.2", 80), "f", new TcpHandler() {
            @Override
            public void onConnected(TcpConnection conn) {
                conn.send(new byte[10]);
            }
        });
        net.engine.runUntilIdle();
        List<Packet> w = net.delivered();
        assertEquals(1410, w.get(0).first(TcpHeader.class).mss());
        assertEquals(1460, w.get(1).first(TcpHeader.class).mss());
        assertEquals(1410, c.mss());
        int largest = w.stream().filter(p -> p.first(TcpHeader.class).srcPort() == 80).mapToInt(Packet::payloadLength)
                .max().orElse(0);
        assertEquals(1410, largest); // the server honours the client's smaller MSS
    }

    @Test
    void timestampsCostTwelveBytesPerSegment() {
        FakeNet net = new FakeNet(7, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1450);
        FakeNet.Host b = net.host("server", "10.0.0.2", 1500);
        serve(b.sockets, 80, 10, 10_000);
        TcpConnection c = a.sockets.connect(Endpoint.of("10.0.0.2", 80), "f", new TcpHandler() {
            @Override
            public void onConnected(TcpConnection conn) {
                conn.send(new byte[10]);
            }
        });
        net.engine.runUntil(2 * DELAY);
        List<Packet> w = net.delivered();
        TcpHeader syn = w.get(0).first(TcpHeader.class);
        TcpHeader synAck = w.get(1).first(TcpHeader.class);
        assertEquals(60, w.get(0).length()); // 20 IP + 40 TCP, as a Linux SYN
        assertEquals(0, syn.timestamps().echoReply());
        assertEquals(syn.timestamps().value(), synAck.timestamps().echoReply());
        assertEquals(1398, c.mss());
        assertEquals(1410, c.advertisedMss());
        net.engine.runUntilIdle();
        TcpHeader ack = net.delivered().get(2).first(TcpHeader.class);
        assertEquals(synAck.timestamps().value(), ack.timestamps().echoReply());
        assertEquals(52, net.delivered().get(2).length()); // 20 IP + 20 TCP + 12 timestamps
        int largest = net.delivered().stream().mapToInt(Packet::payloadLength).max().orElse(0);
        assertEquals(1398, largest);
    }

    @Test
    void a64KiBResponseIsSegmentedAtTheMss() {
        FakeNet net = new FakeNet(7, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1500);
        FakeNet.Host b = net.host("server", "10.0.0.2", 1500);
        serve(b.sockets, 80, 100, 65536);
        Recorder r = new Recorder(net);
        a.sockets.connect(Endpoint.of("10.0.0.2", 80), "f", new TcpHandler() {
            @Override
            public void onConnected(TcpConnection c) {
                c.send(new byte[100]);
            }

            @Override
            public void onData(TcpConnection c, byte[] d) {
                r.onData(c, d);
            }
        });
        net.engine.runUntilIdle();
        assertEquals(65536, r.data.size());
        List<Integer> sizes = net.delivered().stream()
                .filter(p -> p.first(TcpHeader.class).srcPort() == 80 && p.payloadLength() > 0)
                .map(Packet::payloadLength).toList();
        assertEquals(46, sizes.size()); // 45 x 1448 (MSS 1460 - 12 bytes of timestamps) + 376
        assertTrue(sizes.subList(0, 45).stream().allMatch(s -> s == 1448));
        assertEquals(376, sizes.get(45));
        // Only the segment that empties the send queue carries PSH.
        long psh = net.delivered().stream().filter(p -> p.first(TcpHeader.class).srcPort() == 80
                && p.first(TcpHeader.class).has(TcpHeader.PSH)).count();
        assertEquals(1, psh);
        // Slow start: the first flight is the initial window of 10 segments, sent at one instant.
        long t0 = net.wire.stream().filter(s -> s.packet().first(TcpHeader.class).srcPort() == 80
                && s.packet().payloadLength() > 0).findFirst().orElseThrow().time();
        long firstFlight = net.wire.stream().filter(s -> s.time() == t0 && s.packet().payloadLength() > 0
                && s.packet().first(TcpHeader.class).srcPort() == 80).count();
        assertEquals(10, firstFlight);
    }

    @Test
    void noRouteFailsWithEnetunreach() {
        FakeNet net = new FakeNet(7, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1500);
        Recorder r = new Recorder(net);
        a.sockets.connect(Endpoint.of("192.0.2.1", 80), "f", r);
        net.engine.runUntilIdle();
        assertEquals(SocketError.ENETUNREACH, r.error);
        assertEquals(0, net.wire.size());
    }

    @Test
    void icmpHostUnreachableAbortsConnect() {
        FakeNet net = new FakeNet(7, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1500);
        Recorder r = new Recorder(net);
        TcpConnection c = a.sockets.connect(Endpoint.of("10.0.9.9", 80), "f", r);
        net.engine.runUntilIdle();
        assertEquals(SocketError.EHOSTUNREACH, r.error);
        assertEquals(2 * DELAY, net.engine.now());
        TraceEvent d = net.trace.events().stream().filter(e -> e.kind() == EventKind.DELIVER).findFirst().orElseThrow();
        assertEquals("ICMP host unreachable from 10.0.0.254 for TCP 10.0.0.1:" + c.local().port()
                + " > 10.0.9.9:80 delivered to socket 10.0.0.1:" + c.local().port() + " (SYN_SENT)", d.explanation());
    }

    @Test
    void sameSeedSameIsnsPortsAndBytes() {
        List<String> one = runForDeterminism(42);
        List<String> two = runForDeterminism(42);
        List<String> other = runForDeterminism(43);
        assertEquals(one, two);
        assertNotEquals(one, other);
    }

    private static List<String> runForDeterminism(long seed) {
        FakeNet net = new FakeNet(seed, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1500);
        FakeNet.Host b = net.host("server", "10.0.0.2", 1500);
        serve(b.sockets, 80, 10, 3000);
        for (int i = 0; i < 3; i++) {
            a.sockets.connect(Endpoint.of("10.0.0.2", 80), "f" + i, new TcpHandler() {
                @Override
                public void onConnected(TcpConnection c) {
                    c.send(new byte[10]);
                }
            });
        }
        net.engine.runUntilIdle();
        List<String> out = new ArrayList<>();
        for (FakeNet.Sent s : net.wire) {
            out.add(s.time() + " " + java.util.HexFormat.of().formatHex(s.packet().encode()));
        }
        return out;
    }

    @Test
    void serverCloseFirstGoesThroughTimeWait() {
        FakeNet net = new FakeNet(7, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1500);
        FakeNet.Host b = net.host("server", "10.0.0.2", 1500);
        List<TcpConnection> accepted = new ArrayList<>();
        b.sockets.listen(80, conn -> {
            accepted.add(conn);
            return new TcpHandler() {
                @Override
                public void onConnected(TcpConnection c) {
                    c.send("hello".getBytes());
                    c.close();
                }
            };
        });
        Recorder r = new Recorder(net);
        a.sockets.connect(Endpoint.of("10.0.0.2", 80), "f", new TcpHandler() {
            @Override
            public void onData(TcpConnection c, byte[] d) {
                r.onData(c, d);
            }

            @Override
            public void onPeerClosed(TcpConnection c) {
                r.events.add("peer-closed " + c.state());
                c.close();
            }
        });
        net.engine.runUntil(10 * DELAY);
        assertEquals("hello", r.data.toString());
        assertEquals(List.of("peer-closed CLOSE_WAIT"), r.events);
        assertEquals("C S, S S., C ., S P.:5, S F., C ., C F., S .", segments(net));
        assertEquals(TcpState.TIME_WAIT, accepted.get(0).state());
        net.engine.runUntilIdle();
        assertEquals(TcpState.CLOSED, accepted.get(0).state());
        assertEquals(Durations.S + 5 * DELAY, net.engine.now()); // TIME_WAIT shortened to 1 s
    }
}
