package io.podnet.sim.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.Sysctls;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.netfilter.Conntrack;
import io.podnet.sim.netfilter.Netfilter;
import io.podnet.sim.netfilter.NetfilterContext;
import io.podnet.sim.netfilter.Ruleset;
import io.podnet.sim.socket.Endpoint;
import io.podnet.sim.socket.SocketLayer;
import io.podnet.sim.socket.TcpConnection;
import io.podnet.sim.socket.TcpHandler;
import io.podnet.sim.stack.NetNamespace;
import io.podnet.sim.stack.NetworkBuilder;
import io.podnet.sim.stack.SimNetwork;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.trace.TraceRecorder;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.trace.render.JsonTraceRenderer;
import io.podnet.sim.wire.PacketBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The CPU cost model on two namespaces joined by a veth pair (each its own kernel): latency is the
 * sum of the path's step costs, a bulk stream is bound by its CPU, two streams use two CPUs, and a
 * new connection pays for every iptables rule it walks.
 */
class CpuModelTest {
    static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");

    /** A profile where only the given steps cost anything. */
    static CostProfile only(int cpus, Object... stepPacketByte) {
        CostProfile p = CostProfile.wireOnly().withCpusPerNode(cpus).withMetadata("test", "", "", "");
        for (int i = 0; i < stepPacketByte.length; i += 3) {
            p = p.withCost((CostStep) stepPacketByte[i], ((Number) stepPacketByte[i + 1]).doubleValue(),
                    ((Number) stepPacketByte[i + 2]).doubleValue());
        }
        return p;
    }

    static final class Harness {
        final Engine engine = new Engine();
        final Tracer tracer = new Tracer(engine);
        final TraceRecorder rec = new TraceRecorder();
        final CpuModel cpu;
        final SimNetwork net;
        final SocketLayer a;
        final SocketLayer b;

        Harness(CostProfile profile, String natRulesOfA) {
            this(profile, natRulesOfA, 0);
        }

        Harness(CostProfile profile, String natRulesOfA, long seed) {
            cpu = new CpuModel(profile, engine);
            cpu.setRandoms(new SeededRandoms(seed));
            tracer.setCpuModel(cpu);
            tracer.addListener(rec);
            net = new NetworkBuilder(vethPair(), engine, tracer, new SeededRandoms(3)).build();
            NetNamespace na = net.namespace("a");
            NetNamespace nb = net.namespace("b");
            // Permanent neighbours: no ARP exchange in the measured paths.
            na.neighbours().addPermanent(B, MacAddress.parse("02:00:00:00:00:02"), na.device("eth0"));
            nb.neighbours().addPermanent(Ipv4Address.parse("10.0.0.1"), MacAddress.parse("02:00:00:00:00:01"),
                    nb.device("eth0"));
            if (natRulesOfA != null) {
                na.setFilter(new Netfilter(Ruleset.parse(natRulesOfA), new Conntrack(engine), new SplittableRandom(1),
                        new NetfilterContext() {
                            @Override
                            public boolean isLocalAddress(Ipv4Address address) {
                                return na.isLocalAddress(address);
                            }

                            @Override
                            public Ipv4Address primaryAddress(String device) {
                                return null;
                            }

                            @Override
                            public void charge(PacketBuffer pb, CostStep step, long count, long bytes) {
                                na.charge(-1, pb, step, count, bytes);
                            }
                        }, tracer, "a"));
            }
            a = new SocketLayer(na, new SplittableRandom(1));
            b = new SocketLayer(nb, new SplittableRandom(2));
            na.setLocalDelivery(a);
            nb.setLocalDelivery(b);
        }

        static NetworkConfig vethPair() {
            return new NetworkConfig(List.of(ns("a", "02:00:00:00:00:01", "10.0.0.1/24", "b"),
                    ns("b", "02:00:00:00:00:02", "10.0.0.2/24", "a")), List.of());
        }

        static NamespaceConfig ns(String name, String mac, String addr, String peer) {
            return new NamespaceConfig(name, "node", name, List.of(new InterfaceConfig.Veth("eth0",
                    MacAddress.parse(mac), 1500, List.of(Ipv4Prefix.parse(addr)), peer, "eth0", null, false)),
                    List.of(), List.of(), List.of(), Sysctls.HOST, "");
        }

        /** b echoes every byte back on port 7. */
        void echoServer() {
            b.listen(7, c -> new TcpHandler() {
                @Override
                public void onData(TcpConnection conn, byte[] data) {
                    conn.send(data);
                }
            });
        }

        /** b swallows everything on port 9; returns the bytes received per connection. */
        List<long[]> sinkServer() {
            List<long[]> got = new ArrayList<>();
            b.listen(9, c -> {
                long[] n = new long[3]; // bytes, first time, last time
                n[1] = -1;
                got.add(n);
                return new TcpHandler() {
                    @Override
                    public void onData(TcpConnection conn, byte[] data) {
                        n[0] += data.length;
                        if (n[1] < 0) {
                            n[1] = engine.now();
                        }
                        n[2] = engine.now();
                    }
                };
            });
            return got;
        }
    }

    /** Round trips of 64 bytes on one connection: connect at 0, a request every 1 ms from 1 ms. */
    static List<Long> roundTrips(Harness h, int n) {
        h.echoServer();
        List<Long> rtts = new ArrayList<>();
        long[] sentAt = new long[1];
        TcpConnection[] conn = new TcpConnection[1];
        h.engine.at(0, () -> conn[0] = h.a.connect(new Endpoint(B, 7), "rr", new TcpHandler() {
            @Override
            public void onData(TcpConnection c, byte[] data) {
                rtts.add(h.engine.now() - sentAt[0]);
            }
        }));
        for (int i = 1; i <= n; i++) {
            h.engine.at(i * 1_000_000L, () -> {
                sentAt[0] = h.engine.now();
                conn[0].send(new byte[64]);
            });
        }
        h.engine.runUntilIdle();
        return rtts;
    }

    @Test
    void requestResponseLatencyIsTheSumOfThePathsStepCosts() {
        CostProfile p = only(1, CostStep.SOCKET_SEND, 1000, 2, CostStep.SOCKET_RECEIVE, 3000, 4,
                CostStep.TCP_SEGMENT_TX, 500, 0, CostStep.TCP_SEGMENT_RX, 700, 0, CostStep.ROUTE_LOOKUP, 50, 0,
                CostStep.VETH_XMIT, 300, 0, CostStep.NETFILTER_HOOK, 1_000_000, 0);
        List<Long> rtts = roundTrips(new Harness(p, null), 3);
        // One way: send syscall + copy of 64 B, TCP transmit, output route, veth xmit; on the other
        // side input route, TCP receive, wakeup + copy of 64 B. No netfilter is loaded: hooks are free.
        long oneWay = 1000 + 2 * 64 + 500 + 50 + 300 + 50 + 700 + 3000 + 4 * 64;
        assertEquals(List.of(2 * oneWay, 2 * oneWay, 2 * oneWay), rtts);
    }

    @Test
    void listenersThatDoNotReadCpuGetNoCostsButTheSameTiming() {
        CostProfile p = only(1, CostStep.SOCKET_SEND, 1000, 2, CostStep.TCP_SEGMENT_TX, 500, 0,
                CostStep.ROUTE_LOOKUP, 50, 0, CostStep.VETH_XMIT, 300, 0);
        Harness reading = new Harness(p, null);
        List<Long> expected = roundTrips(reading, 3);

        Harness h = new Harness(p, null);
        h.tracer.removeListener(h.rec);
        List<TraceEvent> seen = new ArrayList<>();
        h.tracer.addListener(new io.podnet.sim.trace.TraceListener() {
            @Override
            public void onEvent(TraceEvent e) {
                seen.add(e);
            }

            @Override
            public boolean readsCpu() {
                return false;
            }
        });
        assertEquals(expected, roundTrips(h, 3), "charges still move the clock");
        assertEquals(reading.rec.events().size(), seen.size());
        assertTrue(seen.stream().allMatch(e -> e.cpu() == null));
        assertTrue(reading.rec.events().stream().anyMatch(e -> e.cpu() != null));
        assertEquals(reading.cpu.usage(), h.cpu.usage(), "the ledgers are kept all the same");
    }

    @Test
    void wireOnlyChargesNothingAndLedgersFollowTheTrace() {
        Harness free = new Harness(CostProfile.wireOnly(), null);
        assertEquals(List.of(0L, 0L), roundTrips(free, 2));
        assertTrue(free.rec.events().stream().allMatch(e -> e.cpu() == null));
        assertEquals(Map.of(), free.cpu.usage().nodes());

        CostProfile p = only(1, CostStep.SOCKET_SEND, 1000, 0, CostStep.ROUTE_LOOKUP, 50, 0);
        Harness h = new Harness(p, null);
        roundTrips(h, 2);
        StepLedger l = StepLedger.ofFlow(h.rec.events(), "rr");
        // Per round trip two sends; route lookups: one per packet (SYN, SYN-ACK, ACK, 2 x (2 data + ACKs)).
        assertEquals(4, l.count(CostStep.SOCKET_SEND));
        long routes = h.rec.events().stream().filter(e -> e.kind() == io.podnet.sim.trace.EventKind.ROUTE).count();
        assertEquals(routes, l.count(CostStep.ROUTE_LOOKUP));
        CpuUsage u = h.cpu.usage();
        long total = u.nodes().values().stream().mapToLong(CpuUsage.Node::totalNanos).sum();
        assertEquals(total, l.totalNanos(), "every charge reached a trace event");
    }

    @Test
    void sameProfileAndSeedGiveTheSameTraceBytes() {
        CostProfile p = CostProfile.defaults();
        Harness x = new Harness(p, null);
        roundTrips(x, 5);
        Harness y = new Harness(p, null);
        roundTrips(y, 5);
        String jx = JsonTraceRenderer.render(x.rec.events());
        assertEquals(jx, JsonTraceRenderer.render(y.rec.events()));
        assertTrue(jx.contains("\"wait_ns\""), "the JSON trace carries the CPU charges");
    }

    /**
     * Each charge times a factor of mean 1 (lognormal, CV 0.5; μ = −σ²/2 gives the lognormal mean 1):
     * round trips spread around the sum of their costs, their mean stays that sum, the draws come from
     * the run's seeded streams (same seed, same latencies; another seed, others).
     */
    @Test
    void chargesVaryAroundTheirCostsFromTheSeededStreams() {
        CostProfile p = only(1, CostStep.SOCKET_SEND, 1000, 2, CostStep.SOCKET_RECEIVE, 3000, 4,
                CostStep.TCP_SEGMENT_TX, 500, 0, CostStep.TCP_SEGMENT_RX, 700, 0, CostStep.ROUTE_LOOKUP, 50, 0,
                CostStep.VETH_XMIT, 300, 0).withVariation(new CostVariation(CostVariation.Distribution.LOGNORMAL, 0.5,
                StepCost.Source.PUBLISHED, ""));
        long sum = 2 * (1000 + 2 * 64 + 500 + 50 + 300 + 50 + 700 + 3000 + 4 * 64);
        List<Long> x = roundTrips(new Harness(p, null, 7), 400);
        assertEquals(400, x.size());
        assertEquals(x, roundTrips(new Harness(p, null, 7), 400), "same profile and seed, same latencies");
        assertTrue(!x.equals(roundTrips(new Harness(p, null, 8), 400)), "another seed draws other factors");
        double mean = x.stream().mapToLong(Long::longValue).average().orElseThrow();
        assertEquals(sum, mean, 0.1 * sum, "the factors have mean 1");
        List<Long> sorted = x.stream().sorted().toList();
        assertTrue(sorted.get(40) < sorted.get(200) && sorted.get(200) < sorted.get(360), "a spread: " + sorted.get(40)
                + " " + sorted.get(200) + " " + sorted.get(360));
        // without variation the same path is exact
        assertEquals(List.of(sum, sum), roundTrips(new Harness(p.withVariation(CostVariation.NONE), null, 7), 2));
    }

    /** Both distributions draw factors of mean 1 and the coefficient of variation asked for. */
    @Test
    void samplersHaveMeanOneAndTheirCv() {
        for (CostVariation.Distribution d : CostVariation.Distribution.values()) {
            CostVariation.Sampler s = new CostVariation(d, 0.4, StepCost.Source.FITTED, "")
                    .sampler(new SeededRandoms(1).stream("t"));
            double sum = 0;
            double sq = 0;
            int n = 50_000;
            for (int i = 0; i < n; i++) {
                double f = s.next();
                assertTrue(f >= 0);
                sum += f;
                sq += f * f;
            }
            double mean = sum / n;
            double sd = Math.sqrt(sq / n - mean * mean);
            assertEquals(1.0, mean, 0.01, d.key());
            assertEquals(0.4, sd / mean, 0.02, d.key());
        }
    }

    /** Goodput of {@code flows} bulk transfers of {@code bytes} each from a to b, in bit/s. */
    static double bulkGoodput(Harness h, int flows, int bytes) {
        List<long[]> got = h.sinkServer();
        for (int f = 0; f < flows; f++) {
            h.engine.at(0, () -> {
                TcpConnection[] c = new TcpConnection[1];
                c[0] = h.a.connect(new Endpoint(B, 9), "bulk", new TcpHandler() {
                    @Override
                    public void onConnected(TcpConnection conn) {
                        conn.send(new byte[bytes]);
                    }
                });
            });
        }
        h.engine.runUntilIdle();
        assertEquals(flows, got.size());
        long first = Long.MAX_VALUE;
        long last = 0;
        long total = 0;
        for (long[] g : got) {
            assertEquals(bytes, g[0]);
            first = Math.min(first, g[1]);
            last = Math.max(last, g[2]);
            total += g[0];
        }
        return total * 8e9 / (last - first);
    }

    @Test
    void aSingleStreamIsBoundByItsCpuAndTwoStreamsUseTwoCpus() {
        // Only the copy from user memory costs: 1 ns per byte is 8 Gbit/s of one CPU.
        CostProfile p = only(2, CostStep.SOCKET_SEND, 0, 1.0);
        double one = bulkGoodput(new Harness(p, null), 1, 4_000_000);
        assertTrue(one > 7.6e9 && one <= 8.0e9 * 1.001, "one stream: " + one);
        double two = bulkGoodput(new Harness(p, null), 2, 4_000_000);
        assertTrue(two > 1.9 * one && two <= 16.0e9 * 1.001, "two streams on two CPUs: " + two + " vs " + one);
        // With one CPU the two streams share it.
        double shared = bulkGoodput(new Harness(p.withCpusPerNode(1), null), 2, 4_000_000);
        assertTrue(shared > 7.6e9 && shared <= 8.0e9 * 1.001, "two streams on one CPU: " + shared);
    }

    @Test
    void gsoChargesPerPacketCostsOncePerSixtyFourKibibytes() {
        CostProfile p = only(1, CostStep.TCP_SEGMENT_TX, 1000, 0);
        Harness h = new Harness(p, null);
        bulkGoodput(h, 1, 1_000_000);
        long segments = h.rec.events().stream().filter(e -> "bulk".equals(e.flow()) && e.namespace().equals("a")
                && e.kind() == io.podnet.sim.trace.EventKind.SEND && e.explanation().contains("data")).count();
        assertTrue(segments > 600, "MSS-sized segments: " + segments);
        // 1,000,000 bytes = 15.3 batches of 64 KiB (+ the SYN, the closing segments and the ACKs of the
        // handshake); the receiver's ACKs of batched segments are batched too.
        long sent = h.cpu.usage().nodes().get("a").stepCounts().get(CostStep.TCP_SEGMENT_TX);
        assertTrue(sent >= 16 && sent < 30, "charged " + sent);
        long acks = h.cpu.usage().nodes().get("b").stepCounts().get(CostStep.TCP_SEGMENT_TX);
        assertTrue(acks < 40, "ACKs charged " + acks);
    }

    /** A nat OUTPUT chain walking {@code rules} rules that do not match before the connection passes. */
    static String natRules(int rules) {
        StringBuilder sb = new StringBuilder("*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n"
                + ":OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:SVC - [0:0]\n-A OUTPUT -j SVC\n");
        for (int i = 0; i < rules; i++) {
            sb.append("-A SVC -d 10.96.").append(i / 250).append('.').append(i % 250 + 1)
                    .append("/32 -p tcp -m tcp --dport 80 -j ACCEPT\n");
        }
        return sb.append("COMMIT\n").toString();
    }

    /** The time from connect() to the connection being established. */
    static long connectTime(int rules) {
        CostProfile p = only(1, CostStep.NETFILTER_RULE, 20, 0, CostStep.NETFILTER_HOOK, 100, 0);
        Harness h = new Harness(p, natRules(rules));
        h.echoServer();
        long[] at = new long[1];
        h.engine.at(0, () -> h.a.connect(new Endpoint(B, 7), "new", new TcpHandler() {
            @Override
            public void onConnected(TcpConnection c) {
                at[0] = h.engine.now();
            }
        }));
        h.engine.runUntilIdle();
        assertTrue(at[0] > 0);
        return at[0];
    }

    @Test
    void newConnectionLatencyGrowsLinearlyWithTheRulesWalked() {
        long base = connectTime(0);
        long t1000 = connectTime(1000);
        long t3000 = connectTime(3000);
        // Only the SYN walks the nat table (conntrack keeps the binding for the rest); each rule 20 ns.
        assertEquals(1000 * 20, t1000 - base);
        assertEquals(3000 * 20, t3000 - base);
    }

    @Test
    void eventsSayOnWhichCpuTheyRan() {
        CostProfile p = only(2, CostStep.ROUTE_LOOKUP, 50, 0);
        Harness h = new Harness(p, null);
        roundTrips(h, 1);
        TraceEvent route = h.rec.events().stream().filter(e -> e.cpu() != null && e.cpu().nanos() > 0).findFirst()
                .orElseThrow();
        assertNotNull(route.cpu().node());
        assertEquals(io.podnet.sim.trace.EventKind.ROUTE, route.kind());
        assertTrue(route.cpu().charges().stream().anyMatch(c -> c.step() == CostStep.ROUTE_LOOKUP && c.nanos() == 50));
        assertEquals(50, route.cpu().nanos());
    }
}
