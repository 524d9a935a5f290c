package io.podnet.reports.compare;

import io.podnet.scenarios.model.Endpoint;
import io.podnet.scenarios.model.Protocol;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.model.ScenarioEvent;
import io.podnet.scenarios.model.Target;
import io.podnet.scenarios.model.TrafficItem;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.sim.engine.Durations;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.model.ClusterPod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What compare adds to a scenario's traffic, chosen once from the cluster so every design runs the
 * same workload:
 * <ul>
 *   <li>the scenario's first traffic item once more ({@value #REPEAT}, one attempt), {@value #GAP_MS} ms
 *       after the scenario's last traffic start: its latency is the request's with the neighbour
 *       caches on its path already warm, so designs compare on the path itself and not on which ARP
 *       entries each happened to have resolved (a BGP design's nodes have each other's, from their
 *       sessions);</li>
 *   <li>a bulk TCP transfer ({@value #BULK}, port {@value #BULK_PORT}) from the first traffic item's
 *       client (else the first pod) to the first pod on another node, preferring another underlay
 *       subnet — unless the scenario already moves at least {@value #OWN_BULK_MIN} bytes over TCP;</li>
 *   <li>on underlays with several subnets, one ping ({@value #PROBE}{@code A-B}) between a pod in
 *       each pair of subnets that host pods.</li>
 * </ul>
 * Pods on nodes the scenario fails or disconnects ({@code fail}, {@code link-down}) and pods it deletes
 * are never chosen. They start {@value #GAP_MS} ms after the scenario's last traffic start (the repeat, then
 * the probes {@value #PROBES_AFTER_REPEAT_MS} ms later, the bulk {@value #BULK_AFTER_PROBES_MS} ms after them), so
 * they do not disturb the scenario's own flows.
 *
 * @param scenario    the scenario with the added traffic
 * @param bulk        the bulk traffic item's name, or null when no two pods run on different nodes
 * @param bulkAdded   whether compare added the bulk item
 * @param probes      the probe items' names
 * @param subnets     the distinct underlay subnets, in node order
 * @param description one line per added item, for the report
 * @param repeat      the repeated first item's name, or null when there is none
 * @param rr          the request/response item ({@value #RR}: 64 B each way, {@code rrCount} attempts), or null
 * @param rrCount     its attempts (each one round trip measured on its established connection)
 * @param rrClient    the namespace of its client (where the round trips are timed), or null
 * @param streams     the N parallel bulk streams' item names ({@value #STREAMS}{@code -i}), empty when none
 */
record Workload(Scenario scenario, String bulk, boolean bulkAdded, List<String> probes, List<String> subnets,
                List<String> description, String repeat, String rr, int rrCount, String rrClient, List<String> streams) {
    static final String REPEAT = "compare-repeat";
    static final String RR = "compare-rr";
    static final String STREAMS = "compare-stream-";
    static final int RR_PORT = 11111;
    static final int STREAMS_PORT = 5202;
    static final long STREAMS_AFTER_BULK_MS = 100;
    static final long RR_AFTER_STREAMS_MS = 100;
    static final long RR_INTERVAL_NANOS = Durations.MS;
    static final long PROBES_AFTER_REPEAT_MS = 5;
    static final String BULK = "compare-bulk";
    static final String PROBE = "compare-probe-";
    static final int BULK_PORT = 5201;
    static final long OWN_BULK_MIN = 1L << 20;
    static final long GAP_MS = 10;
    static final long BULK_AFTER_PROBES_MS = 5;
    static final long BULK_TIMEOUT_NANOS = 60 * Durations.S;
    static final long PROBE_TIMEOUT_NANOS = Durations.S;

    Workload {
        probes = List.copyOf(probes);
        subnets = List.copyOf(subnets);
        description = List.copyOf(description);
        streams = List.copyOf(streams);
    }

    Workload(Scenario scenario, String bulk, boolean bulkAdded, List<String> probes, List<String> subnets,
             List<String> description) {
        this(scenario, bulk, bulkAdded, probes, subnets, description, null, null, 0, null, List.of());
    }

    /** Plans the added traffic for {@code s} on the built {@code cluster}, without the RR and N-stream items. */
    static Workload plan(Scenario s, Cluster cluster, long bulkBytes) {
        return plan(s, cluster, bulkBytes, 0, 0);
    }

    /**
     * Plans the added traffic; with {@code rrCount > 0} a request/response item between the bulk
     * transfer's two pods, with {@code streams > 1} that many parallel streams of {@code bulkBytes}
     * each between them (after the bulk transfer, so the CPUs are not shared with it).
     */
    static Workload plan(Scenario s, Cluster cluster, long bulkBytes, int rrCount, int streams) {
        SourceLocation at = s.location();
        List<TrafficItem> traffic = new ArrayList<>(s.traffic());
        List<String> description = new ArrayList<>();
        long lastStart = 0;
        for (TrafficItem t : s.traffic()) {
            lastStart = Math.max(lastStart, t.atNanos() + (long) (t.count() - 1) * t.intervalNanos());
        }
        long repeatAt = lastStart + GAP_MS * Durations.MS;
        long probesAt = repeatAt + PROBES_AFTER_REPEAT_MS * Durations.MS;
        long bulkAt = probesAt + BULK_AFTER_PROBES_MS * Durations.MS;

        Map<String, String> subnetOfNode = new LinkedHashMap<>();
        List<String> subnets = new ArrayList<>();
        for (ClusterNode n : cluster.nodes()) {
            String net = n.underlay().canonical().toString();
            subnetOfNode.put(n.name(), net);
            if (!subnets.contains(net)) {
                subnets.add(net);
            }
        }
        // Pods on nodes the scenario fails or cuts off, and pods it deletes, take no part.
        List<String> downNodes = new ArrayList<>();
        List<String> deletedPods = new ArrayList<>();
        for (ScenarioEvent e : s.events()) {
            if (e.action() == ScenarioEvent.Action.FAIL || e.action() == ScenarioEvent.Action.LINK_DOWN) {
                downNodes.add(e.name());
            } else if (e.action() == ScenarioEvent.Action.DELETE) {
                deletedPods.add((e.namespace().isEmpty() ? "default" : e.namespace()) + "/" + e.name());
            }
        }
        List<ClusterPod> pods = cluster.pods().stream().filter(p -> !p.hostNetwork() && !downNodes.contains(p.node())
                && !deletedPods.contains(p.key())).toList();

        // The first item once more, on warm caches.
        String repeat = null;
        if (!s.traffic().isEmpty()) {
            TrafficItem first = s.traffic().get(0);
            ClusterPod client = cluster.pod(first.from().namespace(), first.from().name());
            if (client != null && (client.hostNetwork() || pods.contains(client))) {
                traffic.add(new TrafficItem(REPEAT, at, first.from(), first.to(), first.protocol(), first.requestBytes(),
                        first.responseBytes(), repeatAt, 1, 0, first.timeoutNanos()));
                repeat = REPEAT;
                description.add(REPEAT + ": " + first.name() + " once more (" + first.protocol().text() + " "
                        + first.from() + " -> " + first.to() + ") at " + Durations.format(repeatAt)
                        + ", on warm neighbour caches");
            }
        }

        // Probes between subnets: the first pod of each subnet.
        List<String> probes = new ArrayList<>();
        if (subnets.size() > 1) {
            List<ClusterPod> firstPerSubnet = new ArrayList<>();
            for (String net : subnets) {
                pods.stream().filter(p -> net.equals(subnetOfNode.get(p.node()))).findFirst()
                        .ifPresent(firstPerSubnet::add);
            }
            for (int i = 0; i < firstPerSubnet.size(); i++) {
                for (int j = i + 1; j < firstPerSubnet.size(); j++) {
                    ClusterPod a = firstPerSubnet.get(i);
                    ClusterPod b = firstPerSubnet.get(j);
                    String name = PROBE + (i + 1) + "-" + (j + 1);
                    traffic.add(new TrafficItem(name, at, new Endpoint(a.namespace(), a.name(), at),
                            new Target(Target.Kind.POD, b.namespace(), b.name(), 0, at), Protocol.ICMP, 56, 56,
                            probesAt, 1, 0, PROBE_TIMEOUT_NANOS));
                    probes.add(name);
                    description.add(name + ": ping pod/" + a.name() + " (" + subnetOfNode.get(a.node()) + ") -> pod/"
                            + b.name() + " (" + subnetOfNode.get(b.node()) + ") at " + Durations.format(probesAt));
                }
            }
            int missing = subnets.size() - firstPerSubnet.size();
            if (missing > 0) {
                description.add(missing + " underlay subnet(s) host no pod and are not probed");
            }
        }

        // The bulk transfer.
        TrafficItem own = null;
        for (TrafficItem t : s.traffic()) {
            boolean tcp = t.protocol() == Protocol.TCP || t.protocol() == Protocol.HTTP;
            long size = Math.max(t.requestBytes(), t.responseBytes());
            if (tcp && size >= OWN_BULK_MIN && (own == null || size > Math.max(own.requestBytes(), own.responseBytes()))) {
                own = t;
            }
        }
        String bulk = null;
        boolean added = false;
        ClusterPod bulkClient = null;
        ClusterPod bulkServer = null;
        if (own != null) {
            bulkClient = cluster.pod(own.from().namespace(), own.from().name());
            bulkServer = own.to().kind() == Target.Kind.POD ? cluster.pod(own.to().namespace(), own.to().name()) : null;
            bulk = own.name();
            description.add("bulk: the scenario's own " + own.name() + " (" + own.protocol().text() + " "
                    + Math.max(own.requestBytes(), own.responseBytes()) + " B)");
        } else {
            ClusterPod client = null;
            if (!s.traffic().isEmpty()) {
                Endpoint from = s.traffic().get(0).from();
                ClusterPod first = cluster.pod(from.namespace(), from.name());
                client = first != null && pods.contains(first) ? first : null;
            }
            if (client == null && !pods.isEmpty()) {
                client = pods.get(0);
            }
            ClusterPod server = null;
            if (client != null) {
                String clientNet = subnetOfNode.get(client.node());
                for (ClusterPod p : pods) {
                    if (!p.node().equals(client.node())) {
                        boolean otherNet = !subnetOfNode.get(p.node()).equals(clientNet);
                        if (server == null || otherNet && subnetOfNode.get(server.node()).equals(clientNet)) {
                            server = p;
                        }
                    }
                }
            }
            if (server != null) {
                bulk = BULK;
                added = true;
                bulkClient = client;
                bulkServer = server;
                traffic.add(new TrafficItem(BULK, at, new Endpoint(client.namespace(), client.name(), at),
                        new Target(Target.Kind.POD, server.namespace(), server.name(), BULK_PORT, at), Protocol.TCP,
                        bulkBytes, 0, bulkAt, 1, 0, BULK_TIMEOUT_NANOS));
                description.add(BULK + ": tcp " + Sizes.bytes(bulkBytes) + " pod/" + client.name() + " (" + client.node()
                        + ") -> pod/" + server.name() + " (" + server.node() + "):" + BULK_PORT + " at "
                        + Durations.format(bulkAt));
            } else {
                description.add("bulk: none (no two pods run on different nodes)");
            }
        }
        String rr = null;
        String rrClient = null;
        List<String> streamNames = new ArrayList<>();
        if (bulkClient != null && bulkServer != null) {
            long streamsAt = bulkAt + STREAMS_AFTER_BULK_MS * Durations.MS;
            if (streams > 1) {
                for (int i = 0; i < streams; i++) {
                    String name = STREAMS + (i + 1);
                    traffic.add(new TrafficItem(name, at, new Endpoint(bulkClient.namespace(), bulkClient.name(), at),
                            new Target(Target.Kind.POD, bulkServer.namespace(), bulkServer.name(), STREAMS_PORT, at),
                            Protocol.TCP, bulkBytes, 0, streamsAt, 1, 0, BULK_TIMEOUT_NANOS));
                    streamNames.add(name);
                }
                description.add(STREAMS + "1.." + streams + ": " + streams + " parallel tcp streams of " + Sizes.bytes(bulkBytes)
                        + " pod/" + bulkClient.name() + " -> pod/" + bulkServer.name() + ":" + STREAMS_PORT + " at "
                        + Durations.format(streamsAt));
            }
            if (rrCount > 0) {
                long rrAt = streamsAt + RR_AFTER_STREAMS_MS * Durations.MS;
                rr = RR;
                rrClient = bulkClient.netns();
                traffic.add(new TrafficItem(RR, at, new Endpoint(bulkClient.namespace(), bulkClient.name(), at),
                        new Target(Target.Kind.POD, bulkServer.namespace(), bulkServer.name(), RR_PORT, at),
                        Protocol.TCP, 64, 64, rrAt, rrCount, RR_INTERVAL_NANOS, PROBE_TIMEOUT_NANOS));
                description.add(RR + ": " + rrCount + " x tcp 64 B request / 64 B response pod/" + bulkClient.name()
                        + " -> pod/" + bulkServer.name() + ":" + RR_PORT + " from " + Durations.format(rrAt)
                        + ", one round trip timed on each established connection (as sockperf ping-pong)");
            }
        }
        return new Workload(withTraffic(s, traffic, s.events()), bulk, added, probes, subnets, description, repeat, rr,
                rrCount, rrClient, streamNames);
    }

    /** A copy of {@code s} with other traffic and events (its expectations kept). */
    static Scenario withTraffic(Scenario s, List<TrafficItem> traffic, List<ScenarioEvent> events) {
        return new Scenario(s.file(), s.location(), s.name(), s.description(), s.seed(), s.seedGiven(), s.cluster(),
                s.resources(), traffic, events, s.allExpectations());
    }

    /**
     * The scenario for the node-failure run: none of the scenario's traffic or events, but node
     * {@code node} failing at {@code failAt} and one ping between pods on two other nodes at
     * {@code probeAt} (which keeps the engine running until then).
     */
    static Scenario failureRun(Scenario s, Cluster cluster, String node, long failAt, long probeAt) {
        SourceLocation at = s.location();
        List<TrafficItem> traffic = new ArrayList<>();
        List<ClusterPod> alive = cluster.pods().stream().filter(p -> !p.hostNetwork() && !p.node().equals(node)).toList();
        ClusterPod a = alive.isEmpty() ? null : alive.get(0);
        ClusterPod b = alive.stream().filter(p -> a != null && !p.node().equals(a.node())).findFirst().orElse(a);
        if (a != null) {
            traffic.add(new TrafficItem(PROBE + "after-failure", at, new Endpoint(a.namespace(), a.name(), at),
                    new Target(Target.Kind.POD, b.namespace(), b.name(), 0, at), Protocol.ICMP, 56, 56, probeAt, 1, 0,
                    PROBE_TIMEOUT_NANOS));
        }
        List<ScenarioEvent> events = List.of(new ScenarioEvent(failAt, ScenarioEvent.Action.FAIL, "", node,
                ScenarioEvent.Action.FAIL.defaultAfterNanos(), at, at));
        return new Scenario(s.file(), s.location(), s.name(), s.description(), s.seed(), s.seedGiven(), s.cluster(),
                s.resources(), traffic, events, List.of());
    }
}
