package io.podnet.dataplane.bgp;

import io.podnet.sim.bgp.BgpConfig;
import io.podnet.sim.bgp.BgpSpeaker;
import io.podnet.sim.bgp.BgpTransport;
import io.podnet.sim.bgp.DirectTransport;
import io.podnet.sim.config.BgpDaemonConfig;
import io.podnet.sim.config.BgpDaemonConfig.BgpExportRule;
import io.podnet.sim.config.BgpDaemonConfig.BgpNeighbourConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.engine.Durations;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.trace.Tracer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the simulator's BGP control plane predicts for a configuration, computed with the simulator's
 * own speakers ({@code io.podnet.sim.bgp.BgpSpeaker}, BIRD/Calico timers from the configuration) under
 * a fresh event engine over a {@link DirectTransport} with the underlay's latency. Used when the run
 * itself does not report the routes its BGP installed. Deterministic: no wall clock, no randomness.
 *
 * <p>Learned routes become kernel routes by the daemon's export rules exactly as
 * {@link BirdConfig} tells BIRD to write them; own blocks are blackholes. A node failure is a
 * {@code crash} of its speaker and its addresses taken off the transport (power loss: no
 * NOTIFICATION; peers notice when their hold timers expire).
 */
public final class BgpReference {
    /** Simulated time given to the sessions to come up and exchange their tables. */
    static final long SETTLE = 60 * Durations.S;

    /**
     * @param routes          per BGP namespace, the routes its BGP wrote to the kernel
     * @param convergedNanos  simulated time from the daemons' start until the last route change
     * @param failure         the failure experiment, or null when none was asked for
     */
    public record Prediction(Map<String, List<KernelRoute>> routes, long convergedNanos, Failure failure) {}

    /**
     * @param node              the failed node
     * @param convergenceNanos  simulated time from the failure until the last peer withdrew its routes (-1: never)
     * @param perPeerNanos      per peer, when it withdrew the failed node's routes (-1: never)
     * @param routesAfter       the routes every surviving daemon holds afterwards
     */
    public record Failure(String node, long convergenceNanos, Map<String, Long> perPeerNanos,
                          Map<String, List<KernelRoute>> routesAfter) {}

    private BgpReference() {}

    /** Runs the speakers; fails {@code failNode} (may be null) once they have converged. */
    public static Prediction predict(NetworkConfig cfg, String failNode) {
        return predict(cfg, failNode, java.util.Set.of());
    }

    /**
     * The same, with the nodes in {@code down} failed first (as the scenario's own events left them):
     * they crash once the speakers have converged, their peers withdraw their routes when the hold
     * timers expire, and only then does {@code failNode} fail. {@code routes} is the converged state
     * before any failure; the failure's figures and routes leave every failed node out.
     */
    public static Prediction predict(NetworkConfig cfg, String failNode, java.util.Set<String> down) {
        Engine engine = new Engine();
        Tracer tracer = new Tracer(engine);
        long latency = cfg.segments().isEmpty() ? 50 * Durations.US : Math.max(1, cfg.segments().get(0).latencyNanos());
        DirectTransport direct = new DirectTransport(engine, (a, b) -> latency, 3 * Durations.S);
        Map<String, List<Ipv4Prefix>> addresses = new LinkedHashMap<>();
        for (BgpDaemonConfig d : cfg.bgp()) {
            addresses.put(d.namespace(), addressesOf(cfg.namespace(d.namespace())));
        }
        Map<String, Map<Ipv4Prefix, Ipv4Address>> learned = new TreeMap<>();
        long[] lastChange = {0};
        Map<String, Long> lastWithdrawal = new TreeMap<>();
        List<Ipv4Prefix> failedPrefixes = new ArrayList<>();
        BgpSpeaker.RouteSink sink = (speaker, prefix, nh, attrs) -> {
            Map<Ipv4Prefix, Ipv4Address> m = learned.computeIfAbsent(speaker, k -> new TreeMap<>(BgpReference::order));
            if (nh == null) {
                m.remove(prefix.canonical());
                if (failedPrefixes.contains(prefix.canonical())) {
                    lastWithdrawal.put(speaker, engine.now());
                }
            } else {
                m.put(prefix.canonical(), nh);
            }
            lastChange[0] = engine.now();
        };
        Map<String, BgpSpeaker> speakers = new LinkedHashMap<>();
        for (BgpDaemonConfig d : cfg.bgp()) {
            List<BgpConfig.Peer> peers = new ArrayList<>();
            for (BgpNeighbourConfig n : d.neighbours()) {
                peers.add(new BgpConfig.Peer(n.address(), n.asn(), n.rrClient(), false, n.name()));
            }
            BgpConfig bc = new BgpConfig(d.asn(), d.routerId(), d.clusterId(), peers, d.holdTimeSeconds(),
                    d.keepaliveSeconds(), d.connectDelayNanos(), d.connectRetryNanos(), 5 * Durations.S);
            BgpTransport t = new MultiHomed(direct, addresses.get(d.namespace()));
            speakers.put(d.namespace(), new BgpSpeaker(d.namespace(), bc, engine, tracer, t, sink));
            learned.put(d.namespace(), new TreeMap<>(BgpReference::order));
        }
        for (BgpDaemonConfig d : cfg.bgp()) {
            BgpSpeaker s = speakers.get(d.namespace());
            s.start();
            for (Ipv4Prefix p : d.originate()) {
                s.originate(p);
            }
        }
        engine.runUntil(SETTLE);
        Map<String, List<KernelRoute>> routes = kernelRoutes(cfg, learned, null);
        long converged = lastChange[0];
        Failure failure = null;
        BgpDaemonConfig failed = failNode == null ? null : daemon(cfg, failNode);
        if (failed != null && !down.isEmpty()) {
            long longestHold = 3;
            for (String d : down) {
                BgpDaemonConfig dc = daemon(cfg, d);
                if (dc != null && !d.equals(failNode)) {
                    speakers.get(d).crash();
                    for (Ipv4Prefix a : addresses.get(d)) {
                        direct.fail(a.address());
                    }
                    longestHold = Math.max(longestHold, dc.holdTimeSeconds());
                }
            }
            engine.runUntil(engine.now() + (longestHold + 60L) * Durations.S);
        }
        if (failed != null) {
            for (Ipv4Prefix p : failed.originate()) {
                failedPrefixes.add(p.canonical());
            }
            long tFail = engine.now();
            speakers.get(failed.namespace()).crash();
            for (Ipv4Prefix a : addresses.get(failed.namespace())) {
                direct.fail(a.address());
            }
            long horizon = tFail + (Math.max(failed.holdTimeSeconds(), 3) + 60L) * Durations.S;
            engine.runUntil(horizon);
            Map<String, Long> perPeer = new TreeMap<>();
            long worst = 0;
            for (BgpDaemonConfig d : cfg.bgp()) {
                if (d == failed || down.contains(d.namespace())) {
                    continue;
                }
                boolean held = false;
                for (Ipv4Prefix p : failedPrefixes) {
                    held |= learned.get(d.namespace()).containsKey(p);
                }
                Long w = lastWithdrawal.get(d.namespace());
                long v = held ? -1 : w == null ? 0 : w - tFail;
                perPeer.put(d.namespace(), v);
                worst = v < 0 || worst < 0 ? -1 : Math.max(worst, v);
            }
            Map<String, List<KernelRoute>> after = kernelRoutes(cfg, learned, failed.namespace());
            after.keySet().removeAll(down);
            failure = new Failure(failed.namespace(), worst, perPeer, after);
        }
        return new Prediction(routes, converged, failure);
    }

    /** The daemon running in a namespace, or null. */
    public static BgpDaemonConfig daemon(NetworkConfig cfg, String ns) {
        for (BgpDaemonConfig d : cfg.bgp()) {
            if (d.namespace().equals(ns)) {
                return d;
            }
        }
        return null;
    }

    /** Learned next hops turned into kernel routes by each daemon's export rules. */
    static Map<String, List<KernelRoute>> kernelRoutes(NetworkConfig cfg, Map<String, Map<Ipv4Prefix, Ipv4Address>> learned,
                                                      String skip) {
        Map<String, List<KernelRoute>> out = new LinkedHashMap<>();
        for (BgpDaemonConfig d : cfg.bgp()) {
            if (d.namespace().equals(skip)) {
                continue;
            }
            List<KernelRoute> rs = new ArrayList<>();
            for (Ipv4Prefix p : d.originate()) {
                if (p.length() < 32) {
                    rs.add(KernelRoute.blackhole(p));
                }
            }
            for (Map.Entry<Ipv4Prefix, Ipv4Address> e : learned.getOrDefault(d.namespace(), Map.of()).entrySet()) {
                rs.add(program(cfg, d, e.getKey(), e.getValue()));
            }
            rs.sort(null);
            out.put(d.namespace(), rs);
        }
        return out;
    }

    /** How a learned prefix is written to the kernel (the same rules {@link BirdConfig} gives BIRD). */
    public static KernelRoute program(NetworkConfig cfg, BgpDaemonConfig d, Ipv4Prefix prefix, Ipv4Address nh) {
        Ipv4Prefix subnet = BirdConfig.underlaySubnet(d, cfg);
        for (BgpExportRule r : d.exportRules()) {
            if (r.pool().contains(prefix)) {
                if (r.crossSubnetOnly() && subnet != null && subnet.contains(nh)) {
                    break;
                }
                return new KernelRoute("unicast", prefix, nh, r.device(), r.onlink());
            }
        }
        String dev = d.underlayDevice();
        if (dev == null) {
            for (InterfaceConfig i : cfg.namespace(d.namespace()).interfaces()) {
                for (Ipv4Prefix a : i.addresses()) {
                    if (a.length() < 32 && a.contains(nh)) {
                        dev = i.name();
                    }
                }
            }
        }
        return new KernelRoute("unicast", prefix, nh, dev, false);
    }

    static List<Ipv4Prefix> addressesOf(NamespaceConfig ns) {
        List<Ipv4Prefix> out = new ArrayList<>();
        if (ns == null) {
            return out;
        }
        for (InterfaceConfig i : ns.interfaces()) {
            if (i instanceof InterfaceConfig.Nic || i instanceof InterfaceConfig.Veth) {
                out.addAll(i.addresses());
            }
        }
        return out;
    }

    static int order(Ipv4Prefix a, Ipv4Prefix b) {
        int c = a.network().compareTo(b.network());
        return c != 0 ? c : Integer.compare(a.length(), b.length());
    }

    /**
     * A speaker reachable at every address of its namespace (a rack router peers with nodes on its
     * rack address and with other routers on its core address), connecting from the address on the
     * remote's subnet.
     */
    private static final class MultiHomed implements BgpTransport {
        private final DirectTransport direct;
        private final List<Ipv4Prefix> addresses;

        MultiHomed(DirectTransport direct, List<Ipv4Prefix> addresses) {
            this.direct = direct;
            this.addresses = addresses;
        }

        @Override
        public void listen(Ipv4Address address, Acceptor acceptor) {
            direct.listen(address, acceptor);
            for (Ipv4Prefix a : addresses) {
                if (!a.address().equals(address)) {
                    direct.listen(a.address(), acceptor);
                }
            }
        }

        @Override
        public void connect(Ipv4Address local, Ipv4Address remote, Handler handler) {
            Ipv4Address from = local;
            for (Ipv4Prefix a : addresses) {
                if (a.contains(remote)) {
                    from = a.address();
                }
            }
            direct.connect(from, remote, handler);
        }
    }
}
