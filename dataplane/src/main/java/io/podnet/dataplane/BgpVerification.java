package io.podnet.dataplane;

import io.podnet.dataplane.bgp.BgpCheck;
import io.podnet.dataplane.bgp.BgpReference;
import io.podnet.dataplane.bgp.BirdFleet;
import io.podnet.dataplane.bgp.KernelRoute;
import io.podnet.dataplane.bgp.RouteDiff;
import io.podnet.dataplane.safety.Names;
import io.podnet.sim.config.BgpDaemonConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.net.Ipv4Prefix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The BGP part of {@code verify}: starts BIRD in every node namespace, compares each node's routes
 * with the simulator's, and (with {@code --convergence}) fails a node and times the withdrawal.
 */
final class BgpVerification {
    private final Verifier.Options options;
    private final Consumer<String> progress;

    BgpVerification(Verifier.Options options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Starts BIRD everywhere, waits for the sessions and the routes, and compares the routes per node. */
    BgpCheck startBird(VerifyInput in, BirdFleet fleet, BgpReference.Prediction prediction) {
        NetworkConfig cfg = in.network();
        progress.accept("starting BIRD 2 in " + cfg.bgp().size() + " namespaces");
        boolean fromRun = in.simBgp() != null && options.holdTime() == null;
        Map<String, List<KernelRoute>> expected = fromRun ? in.simBgp().routes() : prediction.routes();
        String source = fromRun ? "the simulated run's BGP"
                : "the simulator's BGP speakers (sim-core BgpSpeaker) run on this configuration";
        List<String> notes = new ArrayList<>();
        BgpDaemonConfig first = cfg.bgp().get(0);
        notes.add("timers: hold " + first.holdTimeSeconds() + " s, keepalive " + first.keepaliveSeconds()
                + " s, connect delay " + first.connectDelayNanos() / 1_000_000_000.0 + " s, connect retry "
                + first.connectRetryNanos() / 1_000_000_000.0 + " s, error wait 5-30 s");
        if (!fleet.start()) {
            throw new VerifyException(VerifyException.ENVIRONMENT, String.join("\n", fleet.problems()));
        }
        long est = fleet.awaitEstablished(Duration.ofSeconds(60));
        progress.accept(est < 0 ? "BIRD sessions did not all come up" : "BIRD sessions Established after " + est + " ms");
        long routesMs = fleet.awaitRoutes(expected, 3000, Duration.ofSeconds(30));
        Map<String, List<KernelRoute>> kernel = fleet.allRoutes();
        List<RouteDiff> diffs = new ArrayList<>();
        for (BgpDaemonConfig d : cfg.bgp()) {
            diffs.add(RouteDiff.of(d.namespace(), expected.getOrDefault(d.namespace(), List.of()),
                    kernel.getOrDefault(d.namespace(), List.of())));
        }
        notes.addAll(fleet.problems());
        return new BgpCheck(source, diffs, est, routesMs, prediction.convergedNanos(), null, notes);
    }

    /** Fails a node in the kernel and waits until every surviving BIRD has withdrawn its routes. */
    BgpCheck.Convergence convergence(VerifyInput in, BirdFleet fleet, BgpReference.Prediction prediction,
                                             java.util.Set<String> downByEvents) {
        NetworkConfig cfg = in.network();
        BgpReference.Failure f = prediction.failure();
        BgpDaemonConfig failed = BgpReference.daemon(cfg, f.node());
        java.util.Set<String> down = new java.util.TreeSet<>(downByEvents);
        down.retainAll(cfg.bgp().stream().map(BgpDaemonConfig::namespace).toList());
        for (String d : down) {
            // The scenario's own events took d down earlier; its peers must have let go of it first, as
            // they have in the simulator's prediction, so that one failure is measured at a time.
            BgpDaemonConfig dc = BgpReference.daemon(cfg, d);
            progress.accept("waiting for the peers of " + d + " (down since the scenario's own event) to withdraw its"
                    + " routes");
            fleet.awaitWithdrawal(down, dc.originate(), System.nanoTime(), Duration.ofSeconds(dc.holdTimeSeconds() + 60L));
        }
        progress.accept("failing " + f.node() + " (its underlay link goes down); waiting up to the hold time ("
                + failed.holdTimeSeconds() + " s) for its routes to be withdrawn");
        List<Ipv4Prefix> prefixes = failed.originate();
        long t0 = fleet.fail(f.node());
        java.util.Set<String> skip = new java.util.TreeSet<>(down);
        skip.add(f.node());
        Map<String, Long> perPeer = fleet.awaitWithdrawal(skip, prefixes, t0,
                Duration.ofSeconds(failed.holdTimeSeconds() + 60L));
        long worst = 0;
        for (long v : perPeer.values()) {
            worst = v < 0 || worst < 0 ? -1 : Math.max(worst, v);
        }
        sleep(500);
        List<RouteDiff> after = new ArrayList<>();
        for (Map.Entry<String, List<KernelRoute>> e : f.routesAfter().entrySet()) {
            after.add(RouteDiff.of(e.getKey(), e.getValue(), fleet.routes(e.getKey())));
        }
        Map<String, Double> simPer = new java.util.TreeMap<>();
        f.perPeerNanos().forEach((k, v) -> simPer.put(k, v < 0 ? -1.0 : v / 1e6));
        double simMs = f.convergenceNanos() < 0 ? -1 : f.convergenceNanos() / 1e6;
        if (in.simBgp() != null && options.holdTime() == null && f.node().equals(in.simBgp().failedNode())
                && in.simBgp().convergenceNanos() >= 0) {
            simMs = in.simBgp().convergenceNanos() / 1e6;
        }
        return new BgpCheck.Convergence(f.node(), "power loss: the simulator crashes the node's speaker and takes its"
                + " addresses off the network; the kernel sets its underlay NICs down (no NOTIFICATION, no TCP close"
                + " reaches the peers), so both sides notice only when the hold timer expires"
                + (down.isEmpty() ? "" : "; " + String.join(", ", down) + " had already failed (the scenario's own"
                + " events) and its routes were withdrawn on both sides before " + f.node() + " failed"),
                failed.holdTimeSeconds(), failed.keepaliveSeconds(), worst, perPeer, simMs, simPer, after);
    }

    /**
     * The node to fail: the one asked for, else the last BGP node that originates blocks and reflects
     * nothing; never one the scenario's events already took down (its peers' hold timers would have
     * been running since then, and the measurement would start late). Null when there is none.
     */
    String failNode(NetworkConfig cfg, java.util.Set<String> down) {
        if (options.failNode() != null) {
            if (BgpReference.daemon(cfg, options.failNode()) == null) {
                throw new VerifyException(VerifyException.BAD_INPUT, "--fail-node " + Names.printable(options.failNode())
                        + " runs no BGP daemon here; choose one of " + cfg.bgp().stream().map(BgpDaemonConfig::namespace).toList());
            }
            if (down.contains(options.failNode())) {
                throw new VerifyException(VerifyException.BAD_INPUT, "--fail-node " + Names.printable(options.failNode())
                        + ": the scenario's own events already take it down before the measurement; choose one of "
                        + cfg.bgp().stream().map(BgpDaemonConfig::namespace).filter(n -> !down.contains(n)).toList());
            }
            return options.failNode();
        }
        String pick = null;
        for (BgpDaemonConfig d : cfg.bgp()) {
            NamespaceConfig ns = cfg.namespace(d.namespace());
            if (!down.contains(d.namespace()) && d.clusterId() == null && !d.originate().isEmpty() && ns != null
                    && "node".equals(ns.role())) {
                pick = d.namespace();
            }
        }
        if (pick == null) {
            for (BgpDaemonConfig d : cfg.bgp()) {
                if (!down.contains(d.namespace())) {
                    pick = d.namespace();
                }
            }
        }
        return pick;
    }

    /** The input with every BGP daemon's hold time (and keepalive, a third of it) replaced. */
    static VerifyInput withHold(VerifyInput in, int hold) {
        NetworkConfig c = in.network();
        List<BgpDaemonConfig> daemons = new ArrayList<>();
        for (BgpDaemonConfig d : c.bgp()) {
            daemons.add(new BgpDaemonConfig(d.namespace(), d.asn(), d.routerId(), d.clusterId(), d.neighbours(), d.originate(),
                    d.underlayDevice(), d.exportRules(), hold, Math.max(1, hold / 3), d.connectDelayNanos(),
                    d.connectRetryNanos(), d.listenPort()));
        }
        return new VerifyInput(in.scenario(), new NetworkConfig(c.namespaces(), c.segments(), daemons), in.traffic(),
                in.trace(), in.simOutcomes(), in.notCheckable(), in.simServedBy(), in.listeners(), in.simBgp(),
                in.eventsBefore());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
