package io.podnet.dataplane.calibrate;

import io.podnet.scenarios.reference.ReferenceTopology;

import io.podnet.dataplane.KernelRealisation;
import io.podnet.dataplane.ScenarioInput;
import io.podnet.dataplane.Verifier;
import io.podnet.dataplane.VerifyException;
import io.podnet.dataplane.VerifyInput;
import io.podnet.dataplane.exec.CommandException;
import io.podnet.dataplane.exec.CommandRunner;
import io.podnet.dataplane.exec.Environment;
import io.podnet.dataplane.realise.Renderer;
import io.podnet.dataplane.traffic.TrafficItem;
import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.sim.cost.CostProfile;
import io.podnet.topology.model.ClusterPod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code podnet calibrate}: for each {@link ReferenceTopology}, simulates it under the base profile
 * (the step counts of each measured path), realises it in namespaces with {@code verify}'s code
 * ({@link KernelRealisation}: fresh {@code pn<6 hex>} prefix, run lock, cleanup on exit, Ctrl-C and
 * SIGTERM; {@code podnet verify --cleanup} removes what a killed run left), measures it with real
 * traffic {@code repeat} times, removes it, and finally fits the profile ({@link CostFit}).
 */
public final class Calibrator {
    /** Simulates a reference scenario under a profile. */
    @FunctionalInterface
    public interface Simulator {
        RunResult run(LoadedScenario scenario, CostProfile profile) throws ScenarioException;
    }

    /**
     * @param repeat  runs of each measurement (medians are kept)
     * @param quick   short runs and small topologies (tests)
     * @param streams parallel streams of the N-stream measurement
     * @param pin     pin the client tools to CPU 0 and the servers to CPU 1 ({@code taskset})
     */
    public record Options(int repeat, boolean quick, int streams, boolean pin) {
        public Options(int repeat, boolean quick, int streams) {
            this(repeat, quick, streams, false);
        }

        public Options {
            if (repeat < 1 || repeat > 50 || streams < 1 || streams > 64) {
                throw new IllegalArgumentException("--repeat must be 1-50 and --streams 1-64");
            }
        }
    }

    /** Simulate-and-correct rounds after the first fit (see {@link #calibrate}). */
    static final int CORRECTION_ROUNDS = 3;

    private final CommandRunner runner;
    private final Options options;
    private final Simulator simulator;
    private final Consumer<String> progress;

    public Calibrator(CommandRunner runner, Options options, Simulator simulator, Consumer<String> progress) {
        this.runner = runner;
        this.options = options;
        this.simulator = simulator;
        this.progress = progress == null ? s -> { } : progress;
    }

    /** The default simulator: {@link Podnet#run} with the profile. */
    public static Simulator podnet() {
        return (s, p) -> SimulatorBridge.run(s, p);
    }

    /** Measures and fits; throws {@link VerifyException} with exit code 2 or 3. */
    public Calibration calibrate(CostProfile base) {
        Environment env = Environment.probe();
        List<String> problems = new ArrayList<>(env.problems());
        for (String tool : List.of("sockperf", "iperf3")) {
            if (!env.has(tool)) {
                problems.add(Environment.missing(tool));
            }
        }
        if (!problems.isEmpty()) {
            throw new VerifyException(VerifyException.ENVIRONMENT, String.join("\n", problems));
        }
        if (options.pin() && !env.has("taskset")) {
            throw new VerifyException(VerifyException.ENVIRONMENT, Environment.missing("taskset"));
        }
        // The request/response and stream topologies are realised together and measured interleaved; the
        // Service-count topologies (new connections only) one after the other.
        List<ReferenceTopology> all = ReferenceTopology.standard(options.quick());
        List<ReferenceTopology> paired = all.stream().filter(t -> t.services() <= 1).toList();
        List<Calibration.Reference> measured = new ArrayList<>(measureTogether(paired, base));
        for (ReferenceTopology t : all) {
            if (t.services() > 1) {
                measured.addAll(measureTogether(List.of(t), base));
            }
        }
        List<Calibration.Reference> refs = new ArrayList<>();
        for (ReferenceTopology t : all) {
            for (Calibration.Reference r : measured) {
                if (r.topology().equals(t)) {
                    refs.add(r);
                }
            }
        }
        List<CostFit.Measurement> ms = new ArrayList<>();
        CostFit.Measurement firstConnect = null;
        for (Calibration.Reference r : refs) {
            for (CostFit.Measurement m : r.measurements()) {
                if (m != r.connect()) {
                    ms.add(m);
                } else if (firstConnect == null) {
                    firstConnect = m;
                } else if (m.path() != null && firstConnect.path() != null) {
                    // The probe's connect() includes its own user-space time (a JVM), which is no kernel
                    // step: new connections are fitted as the rise over the first topology's.
                    ms.add(new CostFit.Measurement(m.name() + " - " + firstConnect.name().substring(8),
                            "ns per connection", m.measured() - firstConnect.measured(), m.path().minus(firstConnect.path()),
                            m.measured()));
                }
            }
        }
        String note = "podnet calibrate " + Calibration.today() + ", " + options.repeat() + " repeat(s)";
        CostFit.Result fit = CostFit.fit(base, ms, note);
        // Then simulate under the fit and correct each target by how far the real run is from the linear
        // sum of its steps (steps on different CPUs overlap), and fit again: a fixed-point iteration. The
        // first correction simulates every topology; the later ones only the request/response and stream
        // topologies (cheap), keeping the new-connection corrections of the first.
        Map<String, Double> k = new java.util.HashMap<>();
        Map<String, Double> lastRun = new java.util.LinkedHashMap<>();
        List<Calibration.Reference> cheap = refs.stream().filter(r -> r.rr() != null).toList();
        for (int round = 0; round < CORRECTION_ROUNDS && !fit.scales().isEmpty(); round++) {
            Map<String, Double> actual = simulatedUnder(fit.profile(), round == 0 ? refs : cheap);
            for (CostFit.Measurement m : ms) {
                Double a = actual.get(m.name());
                double lin = m.path() == null ? Double.NaN : m.path().predict(fit.profile());
                if (a != null && a > 0 && lin > 0 && Double.isFinite(a)) {
                    k.put(m.name(), lin / a);
                    lastRun.put(m.name(), a);
                }
            }
            List<CostFit.Measurement> corrected = new ArrayList<>();
            for (CostFit.Measurement m : ms) {
                double f = k.getOrDefault(m.name(), 1.0);
                corrected.add(new CostFit.Measurement(m.name(), m.unit(), m.measured() * f, m.path(), m.scale() * f));
            }
            fit = CostFit.fit(base, corrected, note);
        }
        Map<String, Double> afterFirst = lastRun;
        // What the simulator gives under the final profile: the figures compare will show.
        Map<String, Double> check = fit.scales().isEmpty() ? Map.of() : simulatedUnder(fit.profile(), cheap);
        List<String> notModelled = List.of("IPIP, GENEVE and WireGuard: this kernel has none of them ('Unknown device"
                + " type'), so their costs stay the base profile's");
        LatencySpread spread = fitSpread(fit.profile(), refs, note);
        return new Calibration(base, fit, refs, notModelled, options, ms, afterFirst, check, spread);
    }

    /**
     * Fits the variation of each charge ({@link LatencySpread}): a grid over the CV, then Brent's method
     * (commons-math3) around the best grid point. Null when no topology has sockperf's percentiles.
     */
    LatencySpread fitSpread(CostProfile fitted, List<Calibration.Reference> refs, String note) {
        List<Calibration.Reference> rr = refs.stream().filter(r -> r.rr() != null && Double.isFinite(r.kernel().rrP50())
                && Double.isFinite(r.kernel().rrP90()) && Double.isFinite(r.kernel().rrP99())).toList();
        if (rr.isEmpty() || fitted.isWireOnly()) {
            return null;
        }
        progress.accept("latency spread: simulating " + LatencySpread.SAMPLES + " round trips per topology and candidate cv");
        Map<Double, List<LatencySpread.Row>> tried = new java.util.HashMap<>();
        java.util.function.DoubleFunction<List<LatencySpread.Row>> rows = cv -> tried.computeIfAbsent(cv,
                c -> spreadRows(fitted, rr, c, note));
        double best = 0;
        double bestValue = Double.POSITIVE_INFINITY;
        for (double cv = 0; cv <= LatencySpread.MAX_CV + 1e-9; cv += 0.25) {
            double v = LatencySpread.objective(rows.apply(cv));
            if (v < bestValue) {
                bestValue = v;
                best = cv;
            }
        }
        double lo = Math.max(0, best - 0.25);
        double hi = Math.min(LatencySpread.MAX_CV, best + 0.25);
        org.apache.commons.math3.optim.univariate.UnivariatePointValuePair p =
                new org.apache.commons.math3.optim.univariate.BrentOptimizer(1e-3, 1e-3).optimize(
                        new org.apache.commons.math3.optim.MaxEval(12),
                        new org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction(
                                cv -> LatencySpread.objective(rows.apply(Math.round(cv * 1000) / 1000.0))),
                        org.apache.commons.math3.optim.nonlinear.scalar.GoalType.MINIMIZE,
                        new org.apache.commons.math3.optim.univariate.SearchInterval(lo, hi, best));
        double cv = Math.round(p.getPoint() * 1000) / 1000.0;
        if (LatencySpread.objective(rows.apply(cv)) > bestValue) {
            cv = best;
        }
        List<LatencySpread.Row> chosen = rows.apply(cv);
        return new LatencySpread(variation(cv, note), chosen, LatencySpread.objective(chosen));
    }

    private static io.podnet.sim.cost.CostVariation variation(double cv, String note) {
        return new io.podnet.sim.cost.CostVariation(io.podnet.sim.cost.CostVariation.Distribution.LOGNORMAL, cv,
                io.podnet.sim.cost.StepCost.Source.FITTED, note + ": sockperf p50/p90/p99");
    }

    private List<LatencySpread.Row> spreadRows(CostProfile fitted, List<Calibration.Reference> refs, double cv, String note) {
        List<LatencySpread.Row> out = new ArrayList<>();
        for (Calibration.Reference r : refs) {
            ReferenceTopology t = r.topology();
            double[] sim = samples(t, fitted.withVariation(variation(cv, note)));
            double[] det = cv == 0 ? sim : samples(t, fitted.withVariation(io.podnet.sim.cost.CostVariation.NONE));
            Calibration.Kernel k = r.kernel();
            out.add(new LatencySpread.Row(t.label(), k.rrP50(), k.rrP90(), k.rrP99(), sim[0], sim[1], sim[2], det[0], det[2]));
        }
        return out;
    }

    private final Map<ReferenceTopology, double[]> deterministic = new java.util.HashMap<>();

    /** p50, p90, p99 of {@link LatencySpread#SAMPLES} simulated round trips of {@code t} under {@code p}. */
    private double[] samples(ReferenceTopology t, CostProfile p) {
        if (!p.variation().active() && deterministic.containsKey(t)) {
            return deterministic.get(t);
        }
        RunResult run = simulate(t.label() + "-samples", t.rrSamplesYaml(LatencySpread.SAMPLES), p);
        String client = run.cluster().pod("default", "client").netns();
        List<Long> v = new ArrayList<>();
        for (io.podnet.scenarios.reference.PathWindows w : io.podnet.scenarios.reference.PathWindows.roundTrips(run.trace(),
                ReferenceTopology.RR_SAMPLES, client, LatencySpread.SAMPLES)) {
            v.add(w.nanos());
        }
        v.sort(null);
        double[] out = {LatencySpread.percentile(v, 50), LatencySpread.percentile(v, 90), LatencySpread.percentile(v, 99)};
        if (!p.variation().active()) {
            deterministic.put(t, out);
        }
        return out;
    }

    /** A reference topology simulated under the base profile, ready to be realised and measured. */
    private record Prepared(ReferenceTopology topology, RunResult run, VerifyInput input, ClusterPod client,
                            ClusterPod server, TrafficItem rr, TrafficItem connect) {}

    private Prepared prepare(ReferenceTopology t, CostProfile base) {
        progress.accept(t.label() + ": simulating (" + t.services() + " Services)");
        RunResult run = simulate(t, base);
        VerifyInput in = ScenarioInput.fromRun(run);
        Verifier.checkInput(in);
        List<String> unsupported = Renderer.notCheckable(in.network());
        if (!unsupported.isEmpty()) {
            throw new VerifyException(VerifyException.ENVIRONMENT, t.label() + ": " + String.join("; ", unsupported));
        }
        return new Prepared(t, run, in, run.cluster().pod("default", "client"), run.cluster().pod("default", "server"),
                item(in, ReferenceTopology.RR), t.services() > 0 ? item(in, ReferenceTopology.CONNECT) : null);
    }

    /**
     * Realises {@code ts} side by side (each its own run prefix and lock) and measures them with their
     * runs interleaved, in the order A B, B A, A B... so that the figures compared as ratios (VXLAN
     * against host-gw) are taken under the same load of this shared machine, and a slow drift of the
     * load falls on both alike.
     */
    private List<Calibration.Reference> measureTogether(List<ReferenceTopology> ts, CostProfile base) {
        List<Prepared> ps = new ArrayList<>();
        for (ReferenceTopology t : ts) {
            ps.add(prepare(t, base));
        }
        List<KernelRealisation> ks = new ArrayList<>();
        try {
            List<KernelBench> benches = new ArrayList<>();
            List<List<String>> warnings = new ArrayList<>();
            for (Prepared p : ps) {
                KernelRealisation k = KernelRealisation.open(runner, p.input().network(), "podnet-calibrate-cleanup");
                ks.add(k);
                progress.accept(p.topology().label() + ": creating " + k.rendering().allNamespaces().size()
                        + " namespaces (" + k.prefix().value() + ")");
                try {
                    k.realise();
                } catch (CommandException e) {
                    throw new VerifyException(VerifyException.ENVIRONMENT, "the kernel refused " + p.topology().label()
                            + ": " + e.getMessage());
                }
                warnings.add(new ArrayList<>(k.warnings()));
                benches.add(new KernelBench(runner, k.real(p.client().netns()), k.real(p.server().netns()),
                        p.rr().dst().toString(), options.pin()));
            }
            sleep(1000);
            for (KernelBench b : benches) {
                List<String> problems = b.startServers();
                if (!problems.isEmpty()) {
                    throw new VerifyException(VerifyException.ENVIRONMENT, String.join("\n", problems));
                }
            }
            List<Calibration.Kernel> kernels = new ArrayList<>();
            for (int j = 0; j < ps.size(); j++) {
                kernels.add(new Calibration.Kernel());
            }
            for (int i = 0; i < options.repeat(); i++) {
                for (int q = 0; q < ps.size(); q++) {
                    int j = i % 2 == 0 ? q : ps.size() - 1 - q;
                    measureOnce(ps.get(j), benches.get(j), kernels.get(j), i);
                }
            }
            // Figures compared with host-gw's (VXLAN) are host-gw's median times the median of the
            // back-to-back ratios: a fast host-gw run is never set against a slow VXLAN one of another moment.
            Calibration.Kernel hg = null;
            for (int j = 0; j < ps.size(); j++) {
                if (ps.get(j).topology().label().equals("host-gw")) {
                    hg = kernels.get(j);
                }
            }
            List<Calibration.Reference> out = new ArrayList<>();
            for (int j = 0; j < ps.size(); j++) {
                Calibration.Kernel k = kernels.get(j);
                out.add(reference(ps.get(j), k, warnings.get(j), hg == null || hg == k ? null : hg));
            }
            return out;
        } finally {
            for (int j = ks.size() - 1; j >= 0; j--) {
                ks.get(j).close();
            }
        }
    }

    private void measureOnce(Prepared p, KernelBench bench, Calibration.Kernel kernel, int i) {
        ReferenceTopology t = p.topology();
        progress.accept(t.label() + ": run " + (i + 1) + "/" + options.repeat());
        if (t.services() <= 1) {
            kernel.rr.add(bench.pingPong(options.quick() ? 1 : 3));
            kernel.stream.add(bench.iperf(1, options.quick() ? 1 : 3, options.quick() ? 64L << 20 : 0));
            kernel.streams.add(bench.iperf(options.streams(), 2, options.quick() ? 64L << 20 : 0));
        }
        if (p.connect() != null) {
            kernel.connects.addAll(bench.connects(p.connect().dst().toString(), p.connect().port(),
                    options.quick() ? 100 : 400));
        }
    }

    private static Calibration.Reference reference(Prepared p, Calibration.Kernel kernel, List<String> warnings,
                                                   Calibration.Kernel pairedWith) {
        ReferenceTopology t = p.topology();
        RunResult run = p.run();
        String clientNs = p.client().netns();
        CostFit.Measurement rrM = null;
        CostFit.Measurement streamM = null;
        CostFit.Measurement connM = null;
        if (t.services() <= 1) {
            double rr = kernel.rrP50();
            double bps = kernel.streamBps();
            if (pairedWith != null) {
                double prr = kernel.pairedRr(pairedWith);
                double pbps = kernel.pairedStreamBps(pairedWith);
                rr = Double.isFinite(prr) ? prr : rr;
                bps = Double.isFinite(pbps) ? pbps : bps;
            }
            rrM = new CostFit.Measurement("rr " + t.label(), "ns per round trip", rr,
                    PathCounts.roundTrip(run.trace(), ReferenceTopology.RR, clientNs));
            streamM = new CostFit.Measurement("stream " + t.label(), "ns per byte", 8e9 / bps, streamPath(run));
        }
        if (p.connect() != null) {
            connM = new CostFit.Measurement("connect " + t.label(), "ns per connection", kernel.connectMedian(),
                    PathCounts.connect(run.trace(), ReferenceTopology.CONNECT, clientNs));
        }
        return new Calibration.Reference(t, kernel, rrM, streamM, connM, warnings);
    }

    private static PathCounts streamPath(RunResult run) {
        long nanos = run.flowsOf(ReferenceTopology.STREAM).stream().mapToLong(f -> f.latencyNanos()).findFirst().orElse(-1);
        return PathCounts.streamBottleneck(run.trace(), ReferenceTopology.STREAM, ReferenceTopology.STREAM_BYTES, nanos);
    }

    /**
     * What the simulator actually gives for each measurement under {@code p} (the reference
     * topologies simulated again): the linear model sums every charge in a window, but steps on
     * different CPUs overlap, so the run can be shorter than the sum.
     */
    private Map<String, Double> simulatedUnder(CostProfile p, List<Calibration.Reference> refs) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        Map<String, Double> connects = new java.util.LinkedHashMap<>();
        for (Calibration.Reference r : refs) {
            ReferenceTopology t = r.topology();
            progress.accept(t.label() + ": simulating under the fitted profile");
            RunResult run = simulate(t, p);
            String client = run.cluster().pod("default", "client").netns();
            if (r.rr() != null) {
                PathCounts rr = PathCounts.roundTrip(run.trace(), ReferenceTopology.RR, client);
                PathCounts st = streamPath(run);
                out.put(r.rr().name(), rr == null ? Double.NaN : rr.simNanos());
                out.put(r.stream().name(), st == null ? Double.NaN : st.simNanos());
            }
            if (r.connect() != null) {
                PathCounts c = PathCounts.connect(run.trace(), ReferenceTopology.CONNECT, client);
                connects.put(r.connect().name(), c == null ? Double.NaN : c.simNanos());
            }
        }
        String first = null;
        for (Map.Entry<String, Double> e : connects.entrySet()) {
            if (first == null) {
                first = e.getKey();
            } else {
                out.put(e.getKey() + " - " + first.substring(8), e.getValue() - connects.get(first));
            }
        }
        return out;
    }

    private RunResult simulate(ReferenceTopology t, CostProfile base) {
        return simulate(t.label(), t.yaml(), base);
    }

    private RunResult simulate(String label, String yaml, CostProfile base) {
        Path file = null;
        try {
            file = Files.createTempFile("podnet-calibrate-", ".yaml");
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            return simulator.run(Podnet.load(file), base);
        } catch (ScenarioException e) {
            throw new IllegalStateException("the reference topology " + label + " does not load: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // best effort for a temporary file
                }
            }
        }
    }

    private static TrafficItem item(VerifyInput in, String name) {
        return in.traffic().stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("reference item " + name + " missing"));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
