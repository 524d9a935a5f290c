package io.podnet.sim.socket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.engine.Durations;
import io.podnet.sim.socket.app.Outcome;
import io.podnet.sim.socket.app.SctpClientApp;
import io.podnet.sim.socket.app.SctpServerApp;
import io.podnet.sim.socket.app.TrafficResult;
import io.podnet.sim.socket.app.TrafficSpec;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.SctpChunk;
import io.podnet.sim.wire.SctpHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * SCTP associations between two hosts of a {@link FakeNet} (every packet is encoded and decoded,
 * CRC32c included). Expectations from RFC 9260: the four-way handshake and its verification tags
 * (§5.1, §8.5), TSNs from the initial TSN (§6), T3-rtx (§6.3.3), the SHUTDOWN sequence (§9.2) and
 * the answers to out-of-the-blue packets (§8.4, as Linux's sctp_sf_tabort_8_4_8 sends them).
 */
class SctpAssociationTest {
    static final long DELAY = 50 * Durations.US;

    private static String chunks(Packet p) {
        SctpHeader h = p.first(SctpHeader.class);
        StringBuilder sb = new StringBuilder();
        for (SctpChunk c : h.chunks()) {
            sb.append(sb.length() == 0 ? "" : "+").append(SctpChunk.typeName(c.type()));
        }
        return sb.toString();
    }

    private static List<String> sctpWire(FakeNet net) {
        List<String> out = new ArrayList<>();
        for (FakeNet.Sent s : net.wire) {
            if (s.packet().first(SctpHeader.class) != null) {
                out.add(s.from() + " " + chunks(s.packet()) + (s.dropped() ? " (lost)" : ""));
            }
        }
        return out;
    }

    private static SctpHeader sctp(FakeNet net, int index) {
        return net.wire.stream().filter(s -> s.packet().first(SctpHeader.class) != null).toList().get(index).packet()
                .first(SctpHeader.class);
    }

    @Test
    void fourWayHandshakeRequestResponseAndGracefulShutdown() {
        FakeNet net = new FakeNet(1, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1500);
        FakeNet.Host b = net.host("server", "10.0.0.2", 1500);
        SctpServerApp server = new SctpServerApp(b.sockets, 7777, 100, 200).start();
        SctpClientApp c = new SctpClientApp(a.sockets, new TrafficSpec("sctp", Endpoint.of("10.0.0.2", 7777), 100, 200,
                10 * Durations.S), null);
        net.engine.schedule(0, c::start);
        net.engine.runUntilIdle();
        TrafficResult r = c.result();
        assertEquals(Outcome.DELIVERED, r.outcome(), r.summary());
        assertEquals(200, r.bytesReceived());
        assertEquals(Endpoint.of("10.0.0.2", 7777), r.server());
        assertEquals(1, server.served().size());
        assertEquals(List.of("client INIT", "server INIT_ACK", "client COOKIE_ECHO", "server COOKIE_ACK", "client DATA",
                "server SACK+DATA", "client SHUTDOWN", "server SHUTDOWN_ACK", "client SHUTDOWN_COMPLETE"), sctpWire(net));
        SctpHeader init = sctp(net, 0);
        SctpHeader initAck = sctp(net, 1);
        SctpHeader echo = sctp(net, 2);
        SctpChunk.Init i = init.chunk(SctpChunk.Init.class);
        SctpChunk.Init ia = initAck.chunk(SctpChunk.Init.class);
        assertEquals(0, init.verificationTag(), "an INIT carries verification tag 0 (§8.5.1)");
        assertTrue(i.initiateTag() != 0 && ia.initiateTag() != 0, "initiate tags are never 0 (§3.3.2)");
        assertEquals(i.initiateTag(), initAck.verificationTag(), "INIT-ACK goes out with the INIT's initiate tag");
        assertEquals(ia.initiateTag(), echo.verificationTag(), "COOKIE-ECHO goes out with the INIT-ACK's initiate tag");
        assertArrayEquals(ia.stateCookie(), echo.chunk(SctpChunk.CookieEcho.class).cookie(), "the cookie comes back as is");
        assertEquals(i.initialTsn(), sctp(net, 4).chunk(SctpChunk.Data.class).tsn(), "the first DATA has the initial TSN");
        SctpHeader reply = sctp(net, 5);
        assertEquals(i.initialTsn(), reply.chunk(SctpChunk.Sack.class).cumulativeTsnAck());
        assertEquals(ia.initialTsn(), reply.chunk(SctpChunk.Data.class).tsn());
        assertEquals(ia.initialTsn(), sctp(net, 6).chunk(SctpChunk.Shutdown.class).cumulativeTsnAck(),
                "SHUTDOWN acknowledges the response");
        assertFalse(sctp(net, 8).chunk(SctpChunk.ShutdownComplete.class).tBit());
        assertEquals(List.of(), a.sockets.sctpAssociations());
        assertEquals(List.of(), b.sockets.sctpAssociations());
    }

    @Test
    void initToAClosedPortIsAbortedWithTheInitiateTagAndRefused() {
        FakeNet net = new FakeNet(2, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1500);
        net.host("server", "10.0.0.2", 1500);
        SctpClientApp c = new SctpClientApp(a.sockets, new TrafficSpec("closed", Endpoint.of("10.0.0.2", 7777), 10, 10,
                10 * Durations.S), null);
        net.engine.schedule(0, c::start);
        net.engine.runUntilIdle();
        assertEquals(Outcome.REFUSED, c.result().outcome(), c.result().summary());
        assertEquals(SocketError.ECONNREFUSED.describe(), c.result().error());
        assertEquals(List.of("client INIT", "server ABORT"), sctpWire(net));
        SctpHeader abort = sctp(net, 1);
        assertEquals(sctp(net, 0).chunk(SctpChunk.Init.class).initiateTag(), abort.verificationTag());
        assertFalse(abort.chunk(SctpChunk.Abort.class).tBit(), "T bit clear: the tag is the receiver's own (§8.4 (3))");
        assertTrue(net.trace.events().stream().anyMatch(e -> e.kind() == EventKind.DROP
                && e.explanation().contains("nothing listens on 10.0.0.2:7777")));
    }

    @Test
    void outOfTheBlueDataIsAbortedWithTheTagReflected() {
        FakeNet net = new FakeNet(3, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1500);
        FakeNet.Host b = net.host("server", "10.0.0.2", 1500);
        List<SocketError> errors = new ArrayList<>();
        // An established association on the client whose peer (the server) has forgotten it.
        new SctpServerApp(b.sockets, 7777, 1, 1).start();
        SctpAssociation assoc = a.sockets.sctpConnect(Endpoint.of("10.0.0.2", 7777), "ootb", new SctpHandler() {
            @Override
            public void onError(SctpAssociation x, SocketError e) {
                errors.add(e);
            }
        });
        net.engine.runUntilIdle();
        assertEquals(SctpState.ESTABLISHED, assoc.state());
        // The server forgets the association: its ABORT is lost, so the client keeps its association.
        net.dropIf(p -> p.first(SctpHeader.class) != null && p.first(SctpHeader.class).has(SctpChunk.ABORT));
        b.sockets.sctpAssociations().get(0).abort();
        net.engine.runUntilIdle();
        net.dropIf(p -> false);
        assoc.send(new byte[] {1});
        net.engine.runUntilIdle();
        SctpHeader last = sctp(net, (int) net.wire.stream().filter(s -> s.packet().first(SctpHeader.class) != null).count() - 1);
        assertTrue(last.chunk(SctpChunk.Abort.class).tBit(), "T bit set: tag reflected (§8.4 (8))");
        assertEquals(assoc.peerTag(), last.verificationTag());
        assertEquals(List.of(SocketError.ECONNRESET), errors);
    }

    @Test
    void aLostDataChunkIsRetransmittedWhenT3Expires() {
        FakeNet net = new FakeNet(4, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1500);
        FakeNet.Host b = net.host("server", "10.0.0.2", 1500);
        new SctpServerApp(b.sockets, 7777, 100, 100).start();
        AtomicBoolean lost = new AtomicBoolean();
        net.dropIf(p -> p.first(SctpHeader.class) != null && p.first(SctpHeader.class).has(SctpChunk.DATA)
                && p.first(SctpHeader.class).srcPort() != 7777 && !lost.getAndSet(true));
        SctpClientApp c = new SctpClientApp(a.sockets, new TrafficSpec("rtx", Endpoint.of("10.0.0.2", 7777), 100, 100,
                10 * Durations.S), null);
        net.engine.schedule(0, c::start);
        net.engine.runUntilIdle();
        TrafficResult r = c.result();
        assertEquals(Outcome.DELIVERED, r.outcome(), r.summary());
        assertEquals(1, r.retransmissions());
        // Linux's rto_initial is 3 s and no RTT was measured on DATA yet: the retransmission waits 3 s.
        assertTrue(r.durationNs() >= 3 * Durations.S && r.durationNs() < 4 * Durations.S, Durations.format(r.durationNs()));
        assertEquals(List.of("client INIT", "server INIT_ACK", "client COOKIE_ECHO", "server COOKIE_ACK",
                "client DATA (lost)", "client DATA", "server SACK+DATA", "client SHUTDOWN", "server SHUTDOWN_ACK",
                "client SHUTDOWN_COMPLETE"), sctpWire(net));
    }

    @Test
    void aLargeResponseIsFragmentedToThePathMtuAndReassembled() {
        FakeNet net = new FakeNet(5, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1500);
        FakeNet.Host b = net.host("server", "10.0.0.2", 1500);
        new SctpServerApp(b.sockets, 7777, 10, 20_000).start();
        SctpClientApp c = new SctpClientApp(a.sockets, new TrafficSpec("big", Endpoint.of("10.0.0.2", 7777), 10, 20_000,
                10 * Durations.S), null);
        net.engine.schedule(0, c::start);
        net.engine.runUntilIdle();
        assertEquals(Outcome.DELIVERED, c.result().outcome(), c.result().summary());
        assertEquals(20_000, c.result().bytesReceived());
        int chunks = 0;
        for (FakeNet.Sent s : net.wire) {
            SctpHeader h = s.packet().first(SctpHeader.class);
            if (h != null && h.srcPort() == 7777 && h.has(SctpChunk.DATA)) {
                assertTrue(s.packet().length() <= 1500, s.packet().summary());
                chunks++;
            }
        }
        assertEquals(14, chunks, "20000 bytes in DATA chunks of 1452 bytes (1500 - 20 - 12 - 16)");
    }

    @Test
    void sameSeedSameBytes() {
        assertEquals(run(9), run(9));
    }

    private static List<String> run(long seed) {
        FakeNet net = new FakeNet(seed, DELAY);
        FakeNet.Host a = net.host("client", "10.0.0.1", 1500);
        FakeNet.Host b = net.host("server", "10.0.0.2", 1500);
        new SctpServerApp(b.sockets, 7777, 100, 3000).start();
        SctpClientApp c = new SctpClientApp(a.sockets, new TrafficSpec("d", Endpoint.of("10.0.0.2", 7777), 100, 3000,
                10 * Durations.S), null);
        net.engine.schedule(0, c::start);
        net.engine.runUntilIdle();
        List<String> out = new ArrayList<>();
        for (FakeNet.Sent s : net.wire) {
            out.add(s.time() + " " + java.util.HexFormat.of().formatHex(s.packet().encode()));
        }
        return out;
    }
}
