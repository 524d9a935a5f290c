package io.podnet.reports.compare;

import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.expect.ExpectationFailure;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.model.TrafficItem;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.sim.engine.Durations;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.topology.model.Cluster;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one scenario under several CNI designs with the same seed and measures each run.
 *
 * <p>First the scenario is built once without traffic (under its own CNI) to learn its pods and
 * nodes, so that the {@link Workload} compare adds is the same for every design. Then, per design:
 * one run of the scenario's traffic plus the workload; and, when the rendered configuration has BGP
 * daemons, a second run (without the scenario's own traffic and events) in which the last node fails {@value #WARM_UP_SECONDS} s after the routes of
 * the first run settled, watched for {@value #SETTLE_SECONDS} s of simulated time.
 */
public final class Comparer {
    /** Simulated seconds between the last route change of the first run and the node failure. */
    static final long WARM_UP_SECONDS = 1;
    /** Simulated seconds watched after the failure (longer than BGP's 90 s and BIRD's 240 s hold times). */
    static final long SETTLE_SECONDS = 300;
    /** The default bulk transfer size: 10 MiB. */
    public static final long DEFAULT_BULK_BYTES = 10L << 20;

    /**
     * What to compare.
     *
     * @param designs   design names ({@link Podnet#designs()}), in column order
     * @param seed      the seed for every run, or null for the file's
     * @param bulkBytes the size of the bulk transfer compare adds
     * @param profile   the cost profile every run uses (CPU time per kernel step)
     * @param rrSamples request/response samples (0: none)
     * @param streams   parallel streams of the N-stream measurement (0: none)
     * @param services  Service counts of the new-connection curve (empty: no curve)
     * @param kubeProxyMode kube-proxy mode of the curve ({@code iptables})
     */
    public record Options(List<String> designs, Long seed, long bulkBytes, io.podnet.sim.cost.CostProfile profile,
                          int rrSamples, int streams, List<Integer> services, String kubeProxyMode) {
        /** Under the shipped default cost profile, without request/response samples, N streams or a Service curve. */
        public Options(List<String> designs, Long seed, long bulkBytes) {
            this(designs, seed, bulkBytes, null);
        }

        /** Under {@code profile}, without request/response samples, N streams or a Service curve. */
        public Options(List<String> designs, Long seed, long bulkBytes, io.podnet.sim.cost.CostProfile profile) {
            this(designs, seed, bulkBytes, profile, 0, 0, List.of(), "iptables");
        }

        public Options {
            profile = profile == null ? io.podnet.sim.cost.CostProfile.defaults() : profile;
            services = List.copyOf(services);
            if (rrSamples < 0 || rrSamples > 100_000 || streams < 0 || streams > 64) {
                throw new IllegalArgumentException("request/response samples must be 0-100000 and streams 0-64");
            }
            for (int n : services) {
                if (n < 0 || n > 50_000) {
                    throw new IllegalArgumentException("a Service count must be 0-50000, was " + n);
                }
            }
            if (!"iptables".equals(kubeProxyMode)) {
                throw new IllegalArgumentException("kube-proxy mode '" + kubeProxyMode + "' is not simulated yet; accepted:"
                        + " iptables");
            }
            designs = List.copyOf(designs);
            if (designs.isEmpty()) {
                throw new IllegalArgumentException("no CNI design to compare");
            }
            for (String d : designs) {
                if (!Podnet.designs().contains(d)) {
                    throw new IllegalArgumentException("unknown CNI design '" + d + "'; accepted: "
                            + String.join(", ", Podnet.designs()));
                }
            }
            if (bulkBytes <= 0) {
                throw new IllegalArgumentException("the bulk transfer needs at least one byte, was " + bulkBytes);
            }
        }
    }

    private Comparer() {}

    /**
     * Compares {@code loaded} under each design of {@code options}.
     *
     * @param file the scenario file as the user named it (for the report)
     * @throws ScenarioException when the scenario cannot be built under its own CNI
     */
    public static Comparison compare(LoadedScenario loaded, String file, Options options) throws ScenarioException {
        return compare(loaded, file, options, s -> { });
    }

    /** How many steps {@link #compare} reports to its progress callback for {@code options}. */
    public static int steps(Options options) {
        return options.designs().size() + (options.services().isEmpty() ? 0 : options.services().size());
    }

    /** Compares, calling {@code progress} with a description as each step (a design, a curve point) is done. */
    public static Comparison compare(LoadedScenario loaded, String file, Options options,
                                     java.util.function.Consumer<String> progress) throws ScenarioException {
        Scenario base = loaded.scenario();
        long seed = options.seed() != null ? options.seed() : base.seed();
        Scenario empty = new Scenario(base.file(), base.location(), base.name(), base.description(), seed, true,
                base.cluster(), base.resources(), List.of(), base.events(), List.of());
        Cluster cluster = Podnet.run(new LoadedScenario(empty, List.of()), seed, null, options.profile()).cluster();
        Workload w = Workload.plan(base, cluster, options.bulkBytes(), options.rrSamples(), options.streams());
        List<String> own = base.traffic().stream().map(TrafficItem::name).toList();

        List<DesignResult> results = new ArrayList<>();
        for (String design : options.designs()) {
            results.add(compareOne(design, w, own, seed, options.profile()));
            progress.accept(design);
        }
        List<String> workload = new ArrayList<>(w.description());
        Comparison.NewConnectionCurve curve = null;
        if (!options.services().isEmpty()) {
            String design = results.stream().filter(d -> d.status() == DesignResult.Status.OK).map(DesignResult::design)
                    .findFirst().orElse(options.designs().get(0));
            curve = NewConnections.curve(design, options.services(), options.kubeProxyMode(), seed, options.profile(),
                    progress);
            workload.add("new-connection curve: a two-node reference topology under " + design + " (kube-proxy "
                    + options.kubeProxyMode() + ") with " + options.services() + " Services, a new connection to the"
                    + " Service kube-proxy writes last");
        }
        return new Comparison(base.name(), file, seed, workload, results, options.profile().name(), curve);
    }

    private static DesignResult compareOne(String design, Workload w, List<String> own, long seed,
                                           io.podnet.sim.cost.CostProfile profile) {
        RunResult r;
        try {
            r = Podnet.run(new LoadedScenario(w.scenario(), List.of()), seed, design, profile);
        } catch (ScenarioException e) {
            String why = messages(e);
            return new DesignResult(design, notYet(why) ? DesignResult.Status.NOT_SUPPORTED : DesignResult.Status.FAILED,
                    why, null);
        }
        List<ExpectationFailure> failures = Podnet.check(r);
        DesignMetrics.Convergence conv = convergence(design, r, w, seed, profile);
        return new DesignResult(design, DesignResult.Status.OK, "", RunMetrics.measure(r, w, own, failures, conv));
    }

    private static DesignMetrics.Convergence convergence(String design, RunResult r, Workload w, long seed,
                                                         io.podnet.sim.cost.CostProfile profile) {
        if (r.network().bgp().isEmpty()) {
            return new DesignMetrics.Convergence(DesignMetrics.Convergence.Kind.STATIC, null, -1, -1, 0,
                    "static routes: no routing daemon reacts to a node failure");
        }
        long settled = Math.max(RouteChanges.last(r.trace(), 0), lastSessionEvent(r.trace()));
        for (TrafficItem t : w.scenario().traffic()) {
            settled = Math.max(settled, t.atNanos() + (long) (t.count() - 1) * t.intervalNanos());
        }
        long failAt = Math.max(0, settled) + WARM_UP_SECONDS * Durations.S;
        String node = r.cluster().nodes().get(r.cluster().nodes().size() - 1).name();
        Scenario s = Workload.failureRun(w.scenario(), r.cluster(), node, failAt, failAt + SETTLE_SECONDS * Durations.S);
        RunResult f;
        try {
            f = Podnet.run(new LoadedScenario(s, List.of()), seed, design, profile);
        } catch (ScenarioException e) {
            return new DesignMetrics.Convergence(DesignMetrics.Convergence.Kind.NOT_OBSERVED, node, failAt, -1, 0,
                    "the node-failure run did not run: " + messages(e));
        }
        long last = RouteChanges.last(f.trace(), failAt);
        int changes = RouteChanges.count(f.trace(), failAt);
        if (last < 0) {
            long sessionEvents = f.trace().stream().filter(e -> e.time() >= failAt && e.decision() instanceof Decision.Socket
                    && "bird".equals(e.device())).count();
            long lastSession = f.trace().stream().filter(e -> e.time() >= failAt && e.decision() instanceof Decision.Socket
                    && "bird".equals(e.device())).mapToLong(TraceEvent::time).max().orElse(-1);
            return new DesignMetrics.Convergence(DesignMetrics.Convergence.Kind.NOT_OBSERVED, node, failAt, -1, 0,
                    "no route changed within " + SETTLE_SECONDS + " s after node " + node + " failed at "
                            + Durations.format(failAt) + (sessionEvents == 0 ? "; no BGP session changed either"
                            : "; " + sessionEvents + " BGP session events, the last "
                            + Durations.format(lastSession - failAt) + " after the failure"));
        }
        return new DesignMetrics.Convergence(DesignMetrics.Convergence.Kind.MEASURED, node, failAt, last - failAt,
                changes, changes + (changes == 1 ? " route change" : " route changes") + " after node " + node
                        + " failed at " + Durations.format(failAt));
    }

    private static long lastSessionEvent(List<TraceEvent> trace) {
        long last = -1;
        for (TraceEvent e : trace) {
            if (e.decision() instanceof Decision.Socket && "bird".equals(e.device())) {
                last = e.time();
            }
        }
        return last;
    }

    /**
     * Whether a run's refusal says the design (or something it needs) is not available in this build
     * yet ("not supported yet", "cannot render it yet", "does not have yet"), rather than that the
     * scenario does not fit the design.
     */
    static boolean notYet(String why) {
        String w = why.toLowerCase(java.util.Locale.ROOT);
        return w.contains("not supported yet") || w.contains(" yet;") || w.contains(" yet,") || w.endsWith(" yet");
    }

    /** The diagnostics' messages without their file positions, joined. */
    static String messages(ScenarioException e) {
        List<String> out = new ArrayList<>();
        for (Diagnostic d : e.errors().isEmpty() ? e.diagnostics() : e.errors()) {
            out.add(d.message());
        }
        return String.join("; ", out);
    }
}
