package io.podnet.reports.compare;

import java.util.List;
import java.util.Map;

/**
 * What one run of the scenario under one CNI design measured. Per-node maps are in the cluster's node
 * order.
 *
 * @param tunnels            tunnel types the ENCAP events name, in first-seen order (empty: no encapsulation)
 * @param overheadBytes      the largest per-packet overhead an ENCAP event added (0 without encapsulation)
 * @param encapsulations     how many ENCAP events the run had
 * @param podMtuMin          the smallest pod {@code eth0} MTU in the rendered configuration
 * @param podMtuMax          the largest
 * @param underlayMtu        the smallest underlay segment MTU
 * @param request            the scenario's first traffic item, first attempt, or null when it has none
 * @param warmRequest        the same request repeated once the caches on its path are warm, or null
 * @param bulk               the bulk transfer, or null when no two pods run on different nodes
 * @param routesPerNode      routes in each node's main table after the run
 * @param fibPerNode         routes + neighbour + FDB entries of each node after the run
 * @param runtimeRouteChanges route changes made while the run ran (a routing daemon's work), all nodes
 * @param bgpSessionsPerNode BGP sessions that reached Established, per node
 * @param bgpSessionsTotal   distinct BGP sessions that reached Established (a session counts once)
 * @param convergence        the node-failure measurement
 * @param subnets            whether traffic crossed every underlay subnet
 * @param delivered          attempts of the scenario's own traffic that were delivered
 * @param attempts           attempts of the scenario's own traffic
 * @param expectationsHeld   the scenario's expectations that held under this design
 * @param expectations       the scenario's expectations
 */
public record DesignMetrics(List<String> tunnels, int overheadBytes, long encapsulations, int podMtuMin,
                            int podMtuMax, int underlayMtu, FlowFigures request, FlowFigures warmRequest, BulkFigures bulk,
                            Map<String, Integer> routesPerNode, Map<String, Integer> fibPerNode,
                            int runtimeRouteChanges, Map<String, Integer> bgpSessionsPerNode, int bgpSessionsTotal,
                            Convergence convergence, Subnets subnets, int delivered, int attempts,
                            int expectationsHeld, int expectations) {
    public DesignMetrics {
        tunnels = List.copyOf(tunnels);
        routesPerNode = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(routesPerNode));
        fibPerNode = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fibPerNode));
        bgpSessionsPerNode = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(bgpSessionsPerNode));
    }

    /**
     * One traffic attempt: its outcome, the devices its first request packet crossed, its latency.
     *
     * @param latencyNanos request start to response complete, or -1 when not delivered
     */
    public record FlowFigures(String traffic, String outcome, String encapsulation, List<String> path,
                              long latencyNanos) {
        public FlowFigures {
            path = List.copyOf(path);
        }

        public int hops() {
            return path.size();
        }
    }

    /**
     * The bulk TCP transfer.
     *
     * @param added          whether compare added it (false: the scenario's own largest TCP transfer)
     * @param bytes          application bytes moved (sent plus received)
     * @param transferNanos  connect to last byte, or -1 when not delivered
     * @param goodputBitsPerSecond bytes × 8 / transfer time, or -1
     */
    public record BulkFigures(String traffic, boolean added, String from, String to, String outcome, long bytes,
                              long transferNanos, long goodputBitsPerSecond) {}

    /**
     * The node-failure measurement.
     *
     * @param failedNode   the node compare failed, or null
     * @param failedAtNanos when (simulated), or -1
     * @param nanos        failure to the last route change after it, or -1
     */
    public record Convergence(Kind kind, String failedNode, long failedAtNanos, long nanos, int routeChanges,
                              String detail) {
        public enum Kind {
            /** Routes changed after the failure; {@code nanos} is the time until the last change. */
            MEASURED,
            /** The design's routes are static (no routing daemon): nothing converges. */
            STATIC,
            /** A routing daemon runs, but no route changed after the failure. */
            NOT_OBSERVED
        }
    }

    /**
     * Reachability across underlay subnets.
     *
     * @param subnets the distinct underlay subnets of the nodes
     * @param probes  inter-subnet probes sent (one per pair of subnets that host pods)
     * @param crossed probes delivered
     */
    public record Subnets(List<String> subnets, int probes, int crossed) {
        public Subnets {
            subnets = List.copyOf(subnets);
        }

        /** True when every probe got through (trivially for a single subnet). */
        public boolean allCrossed() {
            return crossed == probes;
        }
    }
}
