package io.podnet.dataplane.bgp;

import java.util.List;
import java.util.Map;

/**
 * The BGP part of a verification: per BGP namespace the routes the simulator's BGP installed next
 * to the routes BIRD wrote into the kernel, how long BIRD took, and optionally the convergence after
 * a node failure on both sides.
 *
 * @param source          where the simulated routes come from
 * @param nodes           one comparison per BGP namespace, in configuration order
 * @param establishedMs   wall time from starting BIRD until every session was Established (-1: never)
 * @param routesMs        wall time from Established until the kernel tables stopped changing
 * @param simulatedNanos  simulated time from the daemons' start until the last route change
 * @param convergence     the failure experiment, or null when not asked for ({@code --convergence})
 * @param notes           remarks (timers used, problems BIRD reported)
 */
public record BgpCheck(String source, List<RouteDiff> nodes, long establishedMs, long routesMs, long simulatedNanos,
                       Convergence convergence, List<String> notes) {
    public BgpCheck {
        nodes = List.copyOf(nodes);
        notes = List.copyOf(notes);
    }

    public boolean agree() {
        return establishedMs >= 0 && nodes.stream().allMatch(RouteDiff::agree)
                && (convergence == null || convergence.agree());
    }

    public BgpCheck withConvergence(Convergence c) {
        return new BgpCheck(source, nodes, establishedMs, routesMs, simulatedNanos, c, notes);
    }

    /**
     * Convergence after a node failure.
     *
     * @param node             the failed node
     * @param semantics        what "fails" means on both sides
     * @param holdSeconds      the hold time in effect
     * @param keepaliveSeconds the keepalive interval in effect
     * @param measuredMs       wall time until the last surviving BIRD had withdrawn the node's routes (-1: not in time)
     * @param measuredPerPeer  per surviving namespace, ms until it had withdrawn them
     * @param simulatedMs      simulated time until the last surviving speaker had withdrawn them (-1: never)
     * @param simulatedPerPeer per surviving namespace, simulated ms
     * @param after            per surviving namespace, routes after the failure (simulator vs kernel)
     */
    public record Convergence(String node, String semantics, int holdSeconds, int keepaliveSeconds, long measuredMs,
                              Map<String, Long> measuredPerPeer, double simulatedMs, Map<String, Double> simulatedPerPeer,
                              List<RouteDiff> after) {
        public Convergence {
            measuredPerPeer = Map.copyOf(measuredPerPeer);
            simulatedPerPeer = Map.copyOf(simulatedPerPeer);
            after = List.copyOf(after);
        }

        /** The routes after the failure agree and both sides withdrew (timings are reported, not compared). */
        public boolean agree() {
            return after.stream().allMatch(RouteDiff::agree) && (measuredMs >= 0) == (simulatedMs >= 0);
        }
    }
}
