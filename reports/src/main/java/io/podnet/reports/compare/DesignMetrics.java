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
 * @param performance        request/response percentiles, throughput and CPU per node and step, or null
 */
public record DesignMetrics(List<String> tunnels, int overheadBytes, long encapsulations, int podMtuMin,
                            int podMtuMax, int underlayMtu, FlowFigures request, FlowFigures warmRequest, BulkFigures bulk,
                            Map<String, Integer> routesPerNode, Map<String, Integer> fibPerNode,
                            int runtimeRouteChanges, Map<String, Integer> bgpSessionsPerNode, int bgpSessionsTotal,
                            Convergence convergence, Subnets subnets, int delivered, int attempts,
                            int expectationsHeld, int expectations, Performance performance) {
    public DesignMetrics(List<String> tunnels, int overheadBytes, long encapsulations, int podMtuMin, int podMtuMax,
                         int underlayMtu, FlowFigures request, FlowFigures warmRequest, BulkFigures bulk,
                         Map<String, Integer> routesPerNode, Map<String, Integer> fibPerNode, int runtimeRouteChanges,
                         Map<String, Integer> bgpSessionsPerNode, int bgpSessionsTotal, Convergence convergence,
                         Subnets subnets, int delivered, int attempts, int expectationsHeld, int expectations) {
        this(tunnels, overheadBytes, encapsulations, podMtuMin, podMtuMax, underlayMtu, request, warmRequest, bulk,
                routesPerNode, fibPerNode, runtimeRouteChanges, bgpSessionsPerNode, bgpSessionsTotal, convergence, subnets,
                delivered, attempts, expectationsHeld, expectations, null);
    }

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

    /**
     * What an architect compares designs on, under the run's cost profile.
     *
     * @param profile the cost profile's name
     * @param rr      request/response round trips, or null when compare added none
     * @param single  the single bulk stream's CPU, or null
     * @param multi   N parallel streams, or null
     */
    public record Performance(String profile, RrFigures rr, StreamFigures single, StreamFigures multi) {}

    /**
     * Full round trips of 64 B request / 64 B response on established connections (as sockperf
     * ping-pong and netperf TCP_RR measure them).
     */
    public record RrFigures(String traffic, int count, long p50Nanos, long p90Nanos, long p99Nanos) {}

    /**
     * Streams at saturation and where their CPU went.
     *
     * @param streams         parallel streams
     * @param bytes           application bytes moved
     * @param nanos           first start to last byte, or -1 when a stream was not delivered
     * @param goodputBitsPerSecond bytes × 8 / nanos, or -1
     * @param cpuPerNode      each node's CPU utilisation over the transfer (busy time / (time × its CPUs)), 0..1
     * @param cpusPerNode     each node's CPUs
     * @param stepNanos       CPU time per step (profile key) over all nodes, largest first
     */
    public record StreamFigures(int streams, long bytes, long nanos, long goodputBitsPerSecond,
                                Map<String, Double> cpuPerNode, Map<String, Integer> cpusPerNode,
                                Map<String, Long> stepNanos) {
        public StreamFigures {
            cpuPerNode = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(cpuPerNode));
            cpusPerNode = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(cpusPerNode));
            stepNanos = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stepNanos));
        }

        /** CPU time of every step. */
        public long totalStepNanos() {
            return stepNanos.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
