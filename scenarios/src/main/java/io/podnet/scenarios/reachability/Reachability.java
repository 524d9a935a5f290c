package io.podnet.scenarios.reachability;

import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.model.Endpoint;
import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.model.Protocol;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.model.Target;
import io.podnet.scenarios.model.TrafficItem;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.topology.model.ClusterPod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pod × pod matrix of a scenario's cluster, found by sending: the scenario's own traffic,
 * expectations and events are set aside, and one attempt goes from every pod (hostNetwork pods
 * excepted) to every pod, itself included, on one port and protocol, all at time 0 with a
 * {@value #TIMEOUT_MS} ms timeout. A cell is allowed when the attempt was delivered (the whole
 * response came back); dropped, refused and timed-out attempts are blocked.
 */
public final class Reachability {
    /** How long an attempt may take before it counts as blocked. */
    public static final long TIMEOUT_MS = 200;

    private Reachability() {}

    /**
     * The result: the matrix, the run it came from, and each cell's flow.
     *
     * @param matrix the observed table
     * @param run    the simulation (trace and flows)
     * @param flows  {@code "from to"} -> the attempt's result
     */
    public record Result(TruthTable matrix, RunResult run, Map<String, FlowResult> flows) {
        /** The attempt from {@code from} to {@code to} ({@code ns/pod} names), or null. */
        public FlowResult flow(String from, String to) {
            return flows.get(from + " " + to);
        }
    }

    /** {@code ns/pod} of a pod. */
    public static String name(ClusterPod p) {
        return p.namespace() + "/" + p.name();
    }

    /**
     * Builds the matrix.
     *
     * @param loaded   the scenario
     * @param port     the destination port (1-65535)
     * @param protocol TCP or UDP (the simulator's traffic protocols; SCTP once it carries SCTP)
     * @param seed     replaces the scenario's seed when not null
     * @param cni      one of {@link Podnet#designs()} to run under instead of the file's, or null
     */
    public static Result compute(LoadedScenario loaded, int port, Protocol protocol, Long seed, String cni)
            throws ScenarioException {
        return compute(loaded, port, protocol, seed, cni, DEFAULT_MAX_ATTEMPTS);
    }

    /** At most this many attempts (pods squared) unless the caller raises it. */
    public static final int DEFAULT_MAX_ATTEMPTS = 10_000;

    /**
     * As {@link #compute(LoadedScenario, int, Protocol, Long, String)}, with a cap on the attempts.
     *
     * @throws TooManyAttempts when the cluster has more than {@code maxAttempts} pod pairs
     */
    public static Result compute(LoadedScenario loaded, int port, Protocol protocol, Long seed, String cni,
                                 int maxAttempts) throws ScenarioException {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not 1-65535");
        }
        // First the cluster alone, to learn its pods (Deployments expand into them).
        Scenario base = loaded.scenario();
        Scenario empty = with(base, List.of());
        RunResult bare = Podnet.run(new LoadedScenario(empty, loaded.warnings()), seed, cni);
        List<ClusterPod> pods = new ArrayList<>();
        for (ClusterPod p : bare.cluster().pods()) {
            if (!p.hostNetwork()) {
                pods.add(p);
            }
        }
        if ((long) pods.size() * pods.size() > maxAttempts) {
            throw new TooManyAttempts(pods.size(), maxAttempts);
        }
        List<TrafficItem> traffic = new ArrayList<>();
        Map<String, String> itemOf = new LinkedHashMap<>();
        SourceLocation here = SourceLocation.ofFile(String.valueOf(base.file()));
        int i = 0;
        for (ClusterPod from : pods) {
            for (ClusterPod to : pods) {
                String item = "reach-" + i++;
                itemOf.put(name(from) + " " + name(to), item);
                traffic.add(new TrafficItem(item, here, new Endpoint(from.namespace(), from.name(), here),
                        new Target(Target.Kind.POD, to.namespace(), to.name(), port, here), protocol, 100, 100, 0, 1, 0,
                        TIMEOUT_MS * 1_000_000L));
            }
        }
        RunResult run = Podnet.run(new LoadedScenario(with(base, traffic), loaded.warnings()), seed, cni);
        Map<String, FlowResult> byItem = new LinkedHashMap<>();
        for (FlowResult f : run.flows()) {
            byItem.put(f.traffic(), f);
        }
        List<String> names = pods.stream().map(Reachability::name).toList();
        TruthTable matrix = new TruthTable(names, null);
        Map<String, FlowResult> flows = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : itemOf.entrySet()) {
            FlowResult f = byItem.get(e.getValue());
            String[] ft = e.getKey().split(" ");
            flows.put(e.getKey(), f);
            matrix.set(ft[0], ft[1], f != null && f.outcome() == Outcome.DELIVERED);
        }
        return new Result(matrix, run, flows);
    }

    /** The cluster has more pod pairs than the cap allows. */
    public static final class TooManyAttempts extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyAttempts(int pods, int cap) {
            super("the cluster has " + pods + " pods, so " + ((long) pods * pods) + " attempts, more than the cap of "
                    + cap + "; raise it with --max-attempts", null, false, false);
        }
    }

    private static Scenario with(Scenario s, List<TrafficItem> traffic) {
        return new Scenario(s.file(), s.location(), s.name(), s.description(), s.seed(), s.seedGiven(), s.cluster(),
                s.resources(), traffic, List.of(), List.of());
    }
}
