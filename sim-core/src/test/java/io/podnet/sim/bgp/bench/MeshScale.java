package io.podnet.sim.bgp.bench;

import io.podnet.sim.bgp.BgpConfig;
import io.podnet.sim.bgp.BgpConfigs;
import io.podnet.sim.bgp.BgpMeshes;
import io.podnet.sim.bgp.BgpSpeaker;
import io.podnet.sim.bgp.DirectTransport;
import io.podnet.sim.engine.Durations;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.trace.Tracer;
import java.util.ArrayList;
import java.util.List;

/**
 * Full mesh versus route reflectors at scale, in simulated time: sessions, initial convergence, and
 * convergence after one node fails (peers notice through their hold timers). Run with
 * {@code scripts/bench bgp 100 1000} (or this class's main with node counts).
 */
public final class MeshScale {
    private MeshScale() {}

    /** One measurement. */
    public record Result(String design, int nodes, long sessions, long maxSessionsPerNode, long initialConvergenceNs,
                         long failureConvergenceNs, long messages, long wallMillis) {}

    public static Result run(int n, boolean reflectors) {
        long wall = System.nanoTime();
        Engine engine = new Engine();
        Tracer tracer = new Tracer(engine);
        DirectTransport t = new DirectTransport(engine, (a, b) -> 100 * Durations.US, 3 * Durations.S);
        List<Ipv4Address> addrs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            addrs.add(Ipv4Address.parse("10.0.0.0").plus(10 + i));
            names.add("node" + (i + 1));
        }
        List<Integer> rrs = List.of(0, 1);
        List<List<BgpConfig.Peer>> peers = reflectors ? BgpMeshes.routeReflectors(addrs, names, 64512, rrs)
                : BgpMeshes.fullMesh(addrs, names, 64512);
        long[] last = new long[1];
        List<BgpSpeaker> speakers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Ipv4Address cluster = reflectors && rrs.contains(i) ? Ipv4Address.parse("10.255.255.1") : null;
            speakers.add(new BgpSpeaker(names.get(i), BgpConfigs.calico(64512, addrs.get(i), cluster, peers.get(i)), engine,
                    tracer, t, (sp, prefix, nh, attrs) -> last[0] = engine.now()));
        }
        Ipv4Prefix pool = Ipv4Prefix.parse("192.168.0.0/16");
        for (int i = 0; i < n; i++) {
            speakers.get(i).start();
            speakers.get(i).originate(pool.subnet(26, i));
        }
        engine.runUntil(60 * Durations.S);
        long initial = last[0];
        long maxPerNode = 0;
        for (List<BgpConfig.Peer> p : peers) {
            maxPerNode = Math.max(maxPerNode, p.size());
        }
        // Fail a client node (the last one): its speaker stops silently, its address goes dark.
        long failAt = engine.now();
        speakers.get(n - 1).crash();
        t.fail(addrs.get(n - 1));
        engine.runUntil(failAt + 400 * Durations.S);
        long failure = last[0] - failAt;
        long msgs = 0;
        for (BgpSpeaker s : speakers) {
            for (var sess : s.sessions()) {
                msgs += sess.messagesSent();
            }
        }
        return new Result(reflectors ? "route-reflectors(2)" : "full-mesh", n, BgpMeshes.sessionCount(peers), maxPerNode,
                initial, failure, msgs, (System.nanoTime() - wall) / 1_000_000);
    }

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {100, 1000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.println("design                nodes  sessions  max/node  initial-convergence  failure-convergence  messages  wall-ms");
        for (int n : sizes) {
            for (boolean rr : new boolean[] {false, true}) {
                Result r = run(n, rr);
                System.out.printf(java.util.Locale.ROOT, "%-20s %6d %9d %9d %19.3fs %19.3fs %9d %8d%n", r.design(), r.nodes(),
                        r.sessions(), r.maxSessionsPerNode(), r.initialConvergenceNs() / 1e9,
                        r.failureConvergenceNs() / 1e9, r.messages(), r.wallMillis());
            }
        }
    }
}
