package io.podnet.sim.socket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.engine.Durations;
import io.podnet.sim.wire.TcpHeader;
import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TcpStressTest {
    static final long D = 100 * Durations.US;

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >>> 8));
        }
        return b;
    }

    /** Client sends 10 bytes, server answers with {@code size} bytes; returns what the client got. */
    private static ByteArrayOutputStream transfer(FakeNet net, int size, long[] doneAt) {
        FakeNet.Host a = net.hostOrNew("client", "10.0.0.1");
        FakeNet.Host b = net.hostOrNew("server", "10.0.0.2");
        byte[] body = pattern(size);
        b.sockets.listen(80, conn -> new TcpHandler() {
            @Override
            public void onData(TcpConnection c, byte[] d) {
                c.send(body);
                c.close();
            }
        });
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        a.sockets.connect(Endpoint.of("10.0.0.2", 80), "bulk", new TcpHandler() {
            @Override
            public void onConnected(TcpConnection c) {
                c.send(new byte[10]);
            }

            @Override
            public void onData(TcpConnection c, byte[] d) {
                got.writeBytes(d);
                if (got.size() == size) {
                    doneAt[0] = net.engine.now();
                }
            }

            @Override
            public void onPeerClosed(TcpConnection c) {
                c.close();
            }
        });
        net.engine.runUntilIdle();
        return got;
    }

    @Test
    void bulkTransferGrowsTheWindow() {
        FakeNet net = new FakeNet(3, D);
        long[] done = {-1};
        ByteArrayOutputStream got = transfer(net, 1 << 20, done);
        assertArrayEquals(pattern(1 << 20), got.toByteArray());
        // 1 MiB over a 200 us RTT: slow start from 10 segments reaches the 128 KiB window in a few
        // round trips, then ~128 KiB per RTT: well under 3 ms (a fixed 10-segment window needs 15 ms).
        assertTrue(done[0] < 3 * Durations.MS, "took " + done[0]);
    }

    @Test
    void randomLossBothWaysStillDeliversTheExactStream() {
        for (long seed = 1; seed <= 5; seed++) {
            FakeNet net = new FakeNet(seed, D);
            SplittableRandom loss = new SplittableRandom(seed);
            net.dropIf(p -> loss.nextInt(100) < 5);
            long[] done = {-1};
            ByteArrayOutputStream got = transfer(net, 200_000, done);
            assertArrayEquals(pattern(200_000), got.toByteArray(), "seed " + seed);
        }
    }

    @Test
    void reorderedSegmentsAreReassembled() {
        FakeNet net = new FakeNet(9, D);
        // Every 5th data segment from the server is delayed by 3 extra RTTs.
        int[] n = {0};
        net.extraDelay(p -> {
            TcpHeader t = p.first(TcpHeader.class);
            return t != null && t.srcPort() == 80 && p.payloadLength() > 0 && ++n[0] % 5 == 0 ? 3 * 2 * D : 0;
        });
        long[] done = {-1};
        ByteArrayOutputStream got = transfer(net, 100_000, done);
        assertArrayEquals(pattern(100_000), got.toByteArray());
    }

    @Test
    void fragmentationNeededLowersTheMssAndRetransmits() {
        FakeNet net = new FakeNet(4, D);
        net.setPathMtu(1450);
        long[] done = {-1};
        ByteArrayOutputStream got = transfer(net, 10_000, done);
        assertArrayEquals(pattern(10_000), got.toByteArray());
        int largest = net.delivered().stream().filter(p -> p.first(TcpHeader.class) != null)
                .mapToInt(p -> p.payloadLength()).max().orElse(0);
        assertEquals(1398, largest); // 1450 - 40 - 12 bytes of timestamps
        assertTrue(net.trace.events().stream().anyMatch(e -> e.explanation().contains("path MTU 1450: MSS lowered to 1398")));
    }
}
