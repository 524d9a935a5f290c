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
     */
    public record Options(List<String> designs, Long seed, long bulkBytes, io.podnet.sim.cost.CostProfile profile) {
        /** Under the shipped default cost profile. */
        public Options(List<String> designs, Long seed, long bulkBytes) {
            this(designs, seed, bulkBytes, null);
        }

        public Options {
            profile = profile == null ? io.podnet.sim.cost.CostProfile.defaults() : profile;
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
        Scenario base = loaded.scenario();
        long seed = options.seed() != null ? options.seed() : base.seed();
        Scenario empty = new Scenario(base.file(), base.location(), base.name(), base.description(), seed, true,
                base.cluster(), base.resources(), List.of(), base.events(), List.of());
        Cluster cluster = Podnet.run(new LoadedScenario(empty, List.of()), seed, null, options.profile()).cluster();
        Workload w = Workload.plan(base, cluster, options.bulkBytes());
        List<String> own = base.traffic().stream().map(TrafficItem::name).toList();

        List<DesignResult> results = new ArrayList<>();
        for (String design : options.designs()) {
            results.add(compareOne(design, w, own, seed, options.profile()));
        }
        List<String> workload = new ArrayList<>(w.description());
        return new Comparison(base.name(), file, seed, workload, results);
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
