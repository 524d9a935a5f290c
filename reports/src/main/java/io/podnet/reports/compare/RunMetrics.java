package io.podnet.reports.compare;

import io.podnet.scenarios.expect.ExpectationFailure;
import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.reference.PathWindows;
import io.podnet.scenarios.run.RunResult;
import io.podnet.sim.config.BgpDaemonConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.SegmentConfig;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.topology.model.ClusterNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Reads a {@link DesignMetrics} out of one run: its trace, its flows and its rendered configuration. */
public final class RunMetrics {
    private RunMetrics() {}

    /**
     * The figures of run {@code r} of workload {@code w}.
     *
     * @param ownTraffic  the names of the scenario's own traffic items (not those compare added)
     * @param convergence the node-failure measurement (made by a separate run)
     */
    static DesignMetrics measure(RunResult r, Workload w, List<String> ownTraffic, List<ExpectationFailure> failures,
                                 DesignMetrics.Convergence convergence) {
        // Encapsulation, from the ENCAP events.
        Set<String> tunnels = new LinkedHashSet<>();
        int overhead = 0;
        long encaps = 0;
        for (TraceEvent e : r.trace()) {
            if (e.kind() != EventKind.ENCAP) {
                continue;
            }
            encaps++;
            int added = -1;
            if (e.decision() instanceof Decision.Tunnel t) {
                tunnels.add(t.type().toLowerCase(Locale.ROOT));
                added = t.overhead();
            } else if (e.device() != null) {
                tunnels.add(e.device());
            }
            if (added <= 0 && e.before() != null && e.after() != null) {
                added = e.after().length() - e.before().length();
            }
            overhead = Math.max(overhead, added);
        }

        // MTUs, from the rendered configuration.
        int podMin = Integer.MAX_VALUE;
        int podMax = 0;
        for (NamespaceConfig ns : r.network().namespaces()) {
            if (ns.kind() == io.podnet.sim.config.NamespaceRole.WORKLOAD) {
                InterfaceConfig eth0 = ns.iface("eth0");
                if (eth0 != null) {
                    podMin = Math.min(podMin, eth0.mtu());
                    podMax = Math.max(podMax, eth0.mtu());
                }
            }
        }
        if (podMax == 0) {
            podMin = 0;
        }
        int underlayMtu = 0;
        for (SegmentConfig seg : r.network().segments()) {
            underlayMtu = underlayMtu == 0 ? seg.mtu() : Math.min(underlayMtu, seg.mtu());
        }

        // The request and the bulk transfer, from the flow results.
        DesignMetrics.FlowFigures request = null;
        int delivered = 0;
        int attempts = 0;
        for (FlowResult f : r.flows()) {
            if (!ownTraffic.contains(f.traffic())) {
                continue;
            }
            attempts++;
            if (f.outcome() == Outcome.DELIVERED) {
                delivered++;
            }
            if (request == null) {
                request = figures(f);
            }
        }
        List<FlowResult> repeats = w.repeat() == null ? List.of() : r.flowsOf(w.repeat());
        DesignMetrics.FlowFigures warm = repeats.isEmpty() ? null : figures(repeats.get(0));
        DesignMetrics.BulkFigures bulk = null;
        if (w.bulk() != null) {
            List<FlowResult> fs = r.flowsOf(w.bulk());
            if (!fs.isEmpty()) {
                FlowResult f = fs.get(0);
                var item = r.scenario().trafficItem(w.bulk());
                long bytes = f.bytesSent() + f.bytesReceived();
                boolean ok = f.outcome() == Outcome.DELIVERED && f.latencyNanos() > 0;
                long goodput = ok ? Math.round(bytes * 8.0 * 1e9 / f.latencyNanos()) : -1;
                bulk = new DesignMetrics.BulkFigures(f.traffic(), w.bulkAdded(), item.from().toString(),
                        item.to().toString(), f.outcome().text(), bytes, ok ? f.latencyNanos() : -1, goodput);
            }
        }

        // Routes and FIB entries per node: the rendered tables plus what changed while the run ran.
        Map<String, Integer> runtime = RouteChanges.netChangePerNamespace(r.trace(), r.network());
        Map<String, Integer> routes = new LinkedHashMap<>();
        Map<String, Integer> fib = new LinkedHashMap<>();
        for (ClusterNode n : r.cluster().nodes()) {
            NamespaceConfig ns = r.network().namespace(n.name());
            if (ns == null) {
                continue;
            }
            int rt = ns.routes().size() + runtime.getOrDefault(n.name(), 0);
            routes.put(n.name(), rt);
            fib.put(n.name(), rt + ns.neighbours().size() + ns.fdb().size());
        }
        int changes = RouteChanges.count(r.trace(), 0);

        // BGP sessions that reached Established, from the speakers' session events.
        Map<String, String> routerIds = new LinkedHashMap<>();
        for (BgpDaemonConfig d : r.network().bgp()) {
            routerIds.put(d.namespace(), d.routerId().toString());
        }
        Map<String, Set<String>> peersOf = new LinkedHashMap<>();
        Set<String> pairs = new TreeSet<>();
        for (TraceEvent e : r.trace()) {
            if (e.decision() instanceof Decision.Socket s && "bird".equals(e.device())
                    && "ESTABLISHED".equalsIgnoreCase(s.state())) {
                String peer = peerOf(e.explanation());
                if (peer == null) {
                    continue;
                }
                peersOf.computeIfAbsent(e.namespace(), k -> new TreeSet<>()).add(peer);
                String self = routerIds.getOrDefault(e.namespace(), e.namespace());
                pairs.add(self.compareTo(peer) < 0 ? self + "|" + peer : peer + "|" + self);
            }
        }
        Map<String, Integer> sessions = new LinkedHashMap<>();
        for (ClusterNode n : r.cluster().nodes()) {
            sessions.put(n.name(), peersOf.getOrDefault(n.name(), Set.of()).size());
        }

        // Subnets: the inter-subnet probes.
        int crossed = 0;
        for (String p : w.probes()) {
            for (FlowResult f : r.flowsOf(p)) {
                if (f.outcome() == Outcome.DELIVERED) {
                    crossed++;
                }
            }
        }
        DesignMetrics.Subnets subnets = new DesignMetrics.Subnets(w.subnets(), w.probes().size(), crossed);

        int expectations = r.scenario().expectations().size();
        long failed = failures.stream().map(f -> f.expectation().index()).distinct().count();
        DesignMetrics.Performance perf = new DesignMetrics.Performance(r.profile().name(), rr(r, w),
                w.bulk() == null ? null : streams(r, List.of(w.bulk())), w.streams().isEmpty() ? null : streams(r, w.streams()));
        return new DesignMetrics(new ArrayList<>(tunnels), overhead, encaps, podMin, podMax, underlayMtu, request, warm, bulk,
                routes, fib, changes, sessions, pairs.size(), convergence, subnets, delivered, attempts,
                (int) (expectations - failed), expectations, perf);
    }

    /** The request/response round trips: percentiles (nearest rank) of every attempt's window. */
    static DesignMetrics.RrFigures rr(RunResult r, Workload w) {
        if (w.rr() == null) {
            return null;
        }
        List<Long> v = new ArrayList<>();
        for (PathWindows pw : PathWindows.roundTrips(r.trace(), w.rr(), w.rrClient(), w.rrCount())) {
            v.add(pw.nanos());
        }
        v.sort(null);
        return new DesignMetrics.RrFigures(w.rr(), v.size(), percentile(v, 50), percentile(v, 90), percentile(v, 99));
    }

    /** Nearest-rank percentile, -1 when there is no sample. */
    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** Parallel streams (one or more items): aggregate goodput and where the CPU went while they ran. */
    static DesignMetrics.StreamFigures streams(RunResult r, List<String> items) {
        long start = Long.MAX_VALUE;
        long end = -1;
        long bytes = 0;
        boolean ok = true;
        Set<String> flows = new TreeSet<>();
        for (String item : items) {
            for (FlowResult f : r.flowsOf(item)) {
                flows.add(f.flow());
                bytes += f.bytesSent() + f.bytesReceived();
                if (f.outcome() != Outcome.DELIVERED || f.latencyNanos() <= 0) {
                    ok = false;
                } else {
                    start = Math.min(start, f.startNanos());
                    end = Math.max(end, f.startNanos() + f.latencyNanos());
                }
            }
        }
        long nanos = ok && end > start ? end - start : -1;
        Map<String, Long> perNode = new TreeMap<>();
        Map<String, Long> perStep = new TreeMap<>();
        for (TraceEvent e : r.trace()) {
            if (e.cpu() == null || e.flow() == null || !flows.contains(e.flow())) {
                continue;
            }
            perNode.merge(e.cpu().node(), e.cpu().nanos(), Long::sum);
            for (io.podnet.sim.cost.StepCharge c : e.cpu().charges()) {
                perStep.merge(c.step().key(), c.nanos(), Long::sum);
            }
        }
        Map<String, Double> util = new LinkedHashMap<>();
        Map<String, Integer> cpus = new LinkedHashMap<>();
        for (ClusterNode n : r.cluster().nodes()) {
            var u = r.cpuUsage().nodes().get(n.name());
            int c = u == null ? r.profile().cpusPerNode() : u.cpus();
            cpus.put(n.name(), c);
            util.put(n.name(), nanos > 0 ? perNode.getOrDefault(n.name(), 0L) / ((double) nanos * c) : 0.0);
        }
        Map<String, Long> steps = new LinkedHashMap<>();
        perStep.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).forEach(e -> steps.put(e.getKey(), e.getValue()));
        long goodput = nanos > 0 ? Math.round(bytes * 8.0 * 1e9 / nanos) : -1;
        return new DesignMetrics.StreamFigures(items.size(), bytes, nanos, goodput, util, cpus, steps);
    }

    /** The peer address in a session event's explanation ({@code BGP node1 <-> 172.18.0.3: ...}). */
    static String peerOf(String explanation) {
        int arrow = explanation.indexOf("<-> ");
        if (arrow < 0) {
            return null;
        }
        int end = explanation.indexOf(':', arrow + 4);
        return (end < 0 ? explanation.substring(arrow + 4) : explanation.substring(arrow + 4, end)).strip();
    }

    private static DesignMetrics.FlowFigures figures(FlowResult f) {
        return new DesignMetrics.FlowFigures(f.traffic(), f.outcome().text(), f.encapsulation().text(), f.path(),
                f.latencyNanos());
    }
}
