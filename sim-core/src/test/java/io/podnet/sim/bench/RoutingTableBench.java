package io.podnet.sim.bench;

import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.stack.Route;
import io.podnet.sim.stack.RoutingTable;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Longest-prefix match in a node's routing table shaped as Flannel host-gw/VXLAN or BGP leaves it:
 * {@code routes} /24 pod-subnet routes (one per other node), the underlay /16 connected route and a
 * default route. Lookups go to pod addresses (a /24 hit), underlay addresses (/16) and outside
 * addresses (default), 1,024 destinations per invocation. Baselines: one {@link HashMap} probe per
 * destination on the /24 key, the cost floor of a hash-based table ({@code baselineHashProbe}), and
 * the same probe with the key multiplied by an odd constant first ({@code baselineMixedProbe}, a
 * bijection): /24 network addresses differ only in bits 8-23, which {@code HashMap}'s spreading
 * maps to few buckets (500 routes share 8 buckets of 1,024), so the difference between the two
 * baselines is the price of those collisions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoutingTableBench {
    static final int LOOKUPS = 1024;
    static final int MIX = 0x9E3779B9;

    @Param({"10", "1000", "5000"})
    public int routes;

    RoutingTable table;
    Map<Integer, Route> flat;
    Map<Integer, Route> mixed;
    Ipv4Address[] dsts;

    @Setup
    public void setup() {
        table = new RoutingTable();
        flat = new HashMap<>();
        mixed = new HashMap<>();
        Ipv4Address pods = Ipv4Address.parse("10.0.0.0");
        for (int i = 0; i < routes; i++) {
            Ipv4Prefix p = new Ipv4Prefix(pods.plus(i << 8), 24);
            Route r = new Route(RouteConfig.via(p, pods.plus(i << 8), "flannel.1", true), Route.Type.UNICAST, null);
            table.add(r);
            flat.put(p.address().bits(), r);
            mixed.put(p.address().bits() * MIX, r);
        }
        table.add(new Route(RouteConfig.connected(Ipv4Prefix.parse("172.16.0.0/16"), "eth0",
                Ipv4Address.parse("172.16.0.1")), Route.Type.UNICAST, null));
        table.add(new Route(RouteConfig.via(Ipv4Prefix.DEFAULT, Ipv4Address.parse("172.16.255.254"), "eth0", false),
                Route.Type.UNICAST, null));
        SplittableRandom r = new SplittableRandom(7);
        dsts = new Ipv4Address[LOOKUPS];
        for (int i = 0; i < LOOKUPS; i++) {
            int kind = r.nextInt(10);
            if (kind < 8) {
                dsts[i] = pods.plus((r.nextInt(routes) << 8) + 2 + r.nextInt(200));
            } else if (kind == 8) {
                dsts[i] = Ipv4Address.parse("172.16.0.0").plus(1 + r.nextInt(60000));
            } else {
                dsts[i] = Ipv4Address.parse("192.0.2.0").plus(r.nextInt(256));
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(LOOKUPS)
    public int lookup() {
        int found = 0;
        for (Ipv4Address d : dsts) {
            if (table.lookup(d) != null) {
                found++;
            }
        }
        return found;
    }

    @Benchmark
    @OperationsPerInvocation(LOOKUPS)
    public int baselineHashProbe() {
        int found = 0;
        for (Ipv4Address d : dsts) {
            if (flat.get(d.bits() & 0xffffff00) != null) {
                found++;
            }
        }
        return found;
    }

    @Benchmark
    @OperationsPerInvocation(LOOKUPS)
    public int baselineMixedProbe() {
        int found = 0;
        for (Ipv4Address d : dsts) {
            if (mixed.get((d.bits() & 0xffffff00) * MIX) != null) {
                found++;
            }
        }
        return found;
    }
}
