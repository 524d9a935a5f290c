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
     */
    public record Options(int repeat, boolean quick, int streams) {
        public Options {
            if (repeat < 1 || repeat > 50 || streams < 1 || streams > 64) {
                throw new IllegalArgumentException("--repeat must be 1-50 and --streams 1-64");
            }
        }
    }

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
        List<Calibration.Reference> refs = new ArrayList<>();
        for (ReferenceTopology t : ReferenceTopology.standard(options.quick())) {
            refs.add(measure(t, base));
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
        CostFit.Result first = CostFit.fit(base, ms, note);
        // Second pass: simulate under the first fit, and correct each target by how far the real run
        // is from the linear sum (overlap between CPUs), then fit again.
        Map<String, Double> actual = first.scales().isEmpty() ? Map.of() : simulatedUnder(first.profile(), refs);
        List<CostFit.Measurement> corrected = new ArrayList<>();
        for (CostFit.Measurement m : ms) {
            Double a = actual.get(m.name());
            double lin = m.path() == null ? Double.NaN : m.path().predict(first.profile());
            double k = a != null && a > 0 && lin > 0 && Double.isFinite(a) ? lin / a : 1;
            corrected.add(new CostFit.Measurement(m.name(), m.unit(), m.measured() * k, m.path(), m.scale() * k));
        }
        CostFit.Result fit = CostFit.fit(base, corrected, note);
        Map<String, Double> afterFirst = new java.util.LinkedHashMap<>(actual);
        List<String> notModelled = List.of("IPIP, GENEVE and WireGuard: this kernel has none of them ('Unknown device"
                + " type'), so their costs stay the base profile's");
        return new Calibration(base, fit, refs, notModelled, options, ms, afterFirst);
    }

    private Calibration.Reference measure(ReferenceTopology t, CostProfile base) {
        progress.accept(t.label() + ": simulating (" + t.services() + " Services)");
        RunResult run = simulate(t, base);
        VerifyInput in = ScenarioInput.fromRun(run);
        Verifier.checkInput(in);
        List<String> unsupported = Renderer.notCheckable(in.network());
        if (!unsupported.isEmpty()) {
            throw new VerifyException(VerifyException.ENVIRONMENT, t.label() + ": " + String.join("; ", unsupported));
        }
        ClusterPod client = run.cluster().pod("default", "client");
        ClusterPod server = run.cluster().pod("default", "server");
        TrafficItem rr = item(in, ReferenceTopology.RR);
        TrafficItem connect = t.services() > 0 ? item(in, ReferenceTopology.CONNECT) : null;
        List<String> warnings = new ArrayList<>();
        try (KernelRealisation k = KernelRealisation.open(runner, in.network(), "podnet-calibrate-cleanup")) {
            progress.accept(t.label() + ": creating " + k.rendering().allNamespaces().size() + " namespaces ("
                    + k.prefix().value() + ")");
            try {
                k.realise();
            } catch (CommandException e) {
                throw new VerifyException(VerifyException.ENVIRONMENT, "the kernel refused " + t.label() + ": " + e.getMessage());
            }
            warnings.addAll(k.warnings());
            sleep(1000);
            KernelBench bench = new KernelBench(runner, k.real(client.netns()), k.real(server.netns()), rr.dst().toString());
            List<String> problems = bench.startServers();
            if (!problems.isEmpty()) {
                throw new VerifyException(VerifyException.ENVIRONMENT, String.join("\n", problems));
            }
            Calibration.Kernel kernel = new Calibration.Kernel();
            for (int i = 0; i < options.repeat(); i++) {
                progress.accept(t.label() + ": run " + (i + 1) + "/" + options.repeat());
                if (t.services() <= 1) {
                    kernel.rr.add(bench.pingPong(options.quick() ? 1 : 3));
                    kernel.stream.add(bench.iperf(1, 2, options.quick() ? 64L << 20 : 0));
                    kernel.streams.add(bench.iperf(options.streams(), 2, options.quick() ? 64L << 20 : 0));
                }
                if (connect != null) {
                    kernel.connects.addAll(bench.connects(connect.dst().toString(), connect.port(), options.quick() ? 100 : 400));
                }
            }
            String clientNs = client.netns();
            CostFit.Measurement rrM = null;
            CostFit.Measurement streamM = null;
            CostFit.Measurement connM = null;
            if (t.services() <= 1) {
                rrM = new CostFit.Measurement("rr " + t.label(), "ns per round trip", kernel.rrP50(),
                        PathCounts.roundTrip(run.trace(), ReferenceTopology.RR, clientNs));
                streamM = new CostFit.Measurement("stream " + t.label(), "ns per byte", 8e9 / kernel.streamBps(),
                        streamPath(run));
            }
            if (connect != null) {
                connM = new CostFit.Measurement("connect " + t.label(), "ns per connection", kernel.connectMedian(),
                        PathCounts.connect(run.trace(), ReferenceTopology.CONNECT, clientNs));
            }
            return new Calibration.Reference(t, kernel, rrM, streamM, connM, warnings);
        }
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
        Path file = null;
        try {
            file = Files.createTempFile("podnet-calibrate-", ".yaml");
            Files.writeString(file, t.yaml(), StandardCharsets.UTF_8);
            return simulator.run(Podnet.load(file), base);
        } catch (ScenarioException e) {
            throw new IllegalStateException("the reference topology " + t.label() + " does not load: " + e.getMessage(), e);
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
