package io.podnet.dataplane;

import io.podnet.dataplane.traffic.Listener;
import io.podnet.dataplane.traffic.TrafficItem;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.trace.TraceEvent;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code verify} needs from a simulated run.
 *
 * @param scenario     the scenario's name
 * @param network      the rendered node configuration both sides realise
 * @param traffic      the traffic items, resolved to addresses
 * @param trace        the simulator's trace
 * @param simOutcomes  the simulator's outcome per attempt of each item, when the runner reports them
 * @param notCheckable item name (or {@code *} for all) -> why this kernel cannot carry it
 * @param simServedBy  the simulator's serving namespace per attempt of each item (null entries when none)
 * @param listeners    the servers the simulator ran, or empty to derive them from the rules
 * @param simBgp       the routes the simulated BGP installed and its convergence, when the run reports them;
 *                     null to compute them with the simulator's speakers ({@code BgpReference})
 * @param eventsBefore item name -> the scenario events to replay in the kernel before that item runs
 */
public record VerifyInput(String scenario, NetworkConfig network, List<TrafficItem> traffic, List<TraceEvent> trace,
                          Map<String, List<String>> simOutcomes, Map<String, String> notCheckable,
                          Map<String, List<String>> simServedBy, List<Listener> listeners, SimulatedBgp simBgp,
                          Map<String, List<KernelEvent>> eventsBefore) {

    /**
     * The data-plane step of a scenario event, as the kernel replays it.
     *
     * @param action     {@code fail} (every link of the node and of its pods down), {@code restore},
     *                   {@code link-down} / {@code link-up} (the node's underlay NICs), {@code delete} (the pod's
     *                   links down), {@code reload} (kube-proxy caught up: each namespace loads its new rules)
     * @param namespaces the configuration namespaces concerned (the node first)
     * @param atNanos    when it happens in the scenario
     * @param text       how the report names it ({@code fail node/node3 at 100ms})
     * @param rules      for {@code reload}: configuration namespace -> the complete ruleset text it loads;
     *                   empty for the other actions
     * @param neighbours for {@code fail}, {@code link-down} and {@code delete}: what the simulator's other
     *                   namespaces had in their neighbour caches for the addresses going dark at that
     *                   moment. Which of them were cached depends on earlier random endpoint choices,
     *                   which the two sides make independently, so the kernel's caches are set to the
     *                   simulator's before the links go down; then a packet to the dead node leaves (or
     *                   waits for ARP) on both sides alike.
     */
    public record KernelEvent(String action, List<String> namespaces, long atNanos, String text,
                              Map<String, String> rules, NeighbourCaches neighbours) {
        public KernelEvent {
            namespaces = List.copyOf(namespaces);
            rules = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rules));
            neighbours = neighbours == null ? NeighbourCaches.NONE : neighbours;
        }

        /** Whether the action takes its namespaces' links down ({@code fail}, {@code link-down}, {@code delete}). */
        public static boolean takesDown(String action) {
            return action.equals("fail") || action.equals("link-down") || action.equals("delete");
        }

        /** Whether the action brings them back up ({@code restore}, {@code link-up}). */
        public static boolean bringsBack(String action) {
            return action.equals("restore") || action.equals("link-up");
        }
    }

    /**
     * Neighbour cache entries for a set of addresses, across namespaces.
     *
     * @param addresses the addresses concerned
     * @param cached    the entries the simulator held for them (namespace, address, MAC, device); any
     *                  namespace not listed for an address had none
     */
    public record NeighbourCaches(List<String> addresses, List<Cached> cached) {
        public static final NeighbourCaches NONE = new NeighbourCaches(List.of(), List.of());

        public NeighbourCaches {
            addresses = List.copyOf(addresses);
            cached = List.copyOf(cached);
        }

        /** One cache entry: {@code ip neigh replace IP lladdr MAC dev DEVICE} in {@code namespace}. */
        public record Cached(String namespace, String ip, String mac, String device) {}
    }

    public VerifyInput(String scenario, NetworkConfig network, List<TrafficItem> traffic, List<TraceEvent> trace,
                       Map<String, List<String>> simOutcomes, Map<String, String> notCheckable,
                       Map<String, List<String>> simServedBy, List<Listener> listeners, SimulatedBgp simBgp) {
        this(scenario, network, traffic, trace, simOutcomes, notCheckable, simServedBy, listeners, simBgp, Map.of());
    }

    /**
     * What the run's BGP did.
     *
     * @param routes           per BGP namespace, the routes it installed (own blackholes and learned routes)
     * @param convergenceNanos simulated time from a node failure until the last peer withdrew its routes, or -1
     * @param failedNode       the node that failed in the run, or null
     */
    public record SimulatedBgp(Map<String, List<io.podnet.dataplane.bgp.KernelRoute>> routes, long convergenceNanos,
                               String failedNode) {}

    public VerifyInput(String scenario, NetworkConfig network, List<TrafficItem> traffic, List<TraceEvent> trace,
                       Map<String, List<String>> simOutcomes, Map<String, String> notCheckable,
                       Map<String, List<String>> simServedBy, List<Listener> listeners) {
        this(scenario, network, traffic, trace, simOutcomes, notCheckable, simServedBy, listeners, null);
    }

    public VerifyInput(String scenario, NetworkConfig network, List<TrafficItem> traffic, List<TraceEvent> trace,
                       Map<String, List<String>> simOutcomes, Map<String, String> notCheckable) {
        this(scenario, network, traffic, trace, simOutcomes, notCheckable, Map.of(), List.of(), null);
    }

    public VerifyInput {
        simServedBy = simServedBy == null ? Map.of() : Map.copyOf(simServedBy);
        listeners = listeners == null ? List.of() : List.copyOf(listeners);
        traffic = List.copyOf(traffic);
        trace = List.copyOf(trace);
        simOutcomes = simOutcomes == null ? Map.of() : Map.copyOf(simOutcomes);
        notCheckable = notCheckable == null ? Map.of() : Map.copyOf(notCheckable);
        eventsBefore = eventsBefore == null ? Map.of() : Map.copyOf(eventsBefore);
    }
}
