package io.podnet.reports.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.podnet.cli.Progress;
import io.podnet.sim.stack.NetworkBuilder;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code podnet bench [--json] [--quick] [--all-pods]}: the hold model against SSJ's Henriksen list
 * and the former PriorityQueue engine, a saturating packet replay, and a 1,000-node cluster build
 * (pod namespaces lazily, as {@code scripts/bench scale} builds them; {@code --all-pods}: every one),
 * each with the JDK and machine it ran on. {@code --quick} runs every measurement at a small size
 * (seconds; for tests: the figures mean little). On a terminal the hold model and the scale build
 * show a progress bar with a rate on standard error ({@link Progress}); never in the output.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the simulator: engine events/s in the hold model (10 M events, 1,000 pending,"
                + " exponential delays) beside SSJ's Henriksen event list and the former PriorityQueue engine in"
                + " the same run; trace events/s of a long HTTP transfer over Flannel VXLAN (one thread, trace to"
                + " a counting listener); render + build seconds and heap of a 1,000-node cluster (its 30,000 pod"
                + " namespaces are built when first needed, as scripts/bench scale builds them; --all-pods builds"
                + " them all).",
                "Figures are wall-clock measurements of a shared machine: compare ratios measured in one run.",
                "On a terminal, long parts show a progress bar with a rate on standard error (never in the output)."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:measured", "2:bad usage", "3:a measurement could not run (the message says which)"})
final class BenchCommand implements Callable<Integer> {
    private static final java.util.List<String> PARTS = java.util.List.of("hold", "replay", "scale");

    @Option(names = "--json", description = "Print the results as one JSON object.")
    boolean json;

    @Option(names = "--quick", description = "Small sizes (finishes in seconds; for tests).")
    boolean quick;

    @Option(names = "--all-pods", description = "Scale part: build every pod namespace at once instead of when first"
            + " needed (the figures of podnet before lazy pods).")
    boolean allPods;

    @Option(names = "--only", paramLabel = "PART", split = ",",
            description = "Run only these parts: hold, replay, scale (default: all; keys of the others are left out).")
    java.util.Set<String> only;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MachineInfo machine = MachineInfo.current();
        if (only != null) {
            for (String p : only) {
                if (!PARTS.contains(p)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "unknown part '" + p
                            + "' in --only; accepted: " + String.join(", ", PARTS));
                }
            }
        }
        long holdEvents = quick ? 200_000 : 10_000_000;
        int holdRounds = quick ? 1 : 3;
        int warmBytes = quick ? 256 << 10 : 8 << 20;
        int replayBytes = quick ? 1 << 20 : 128 << 20;
        int scaleNodes = quick ? 20 : 1_000;
        int scaleServices = quick ? 100 : 10_000;

        if (!json) {
            out.printf(Locale.ROOT, "machine: %s %s (%s), %d cores, %s, max heap %,d MiB%n", machine.jdkVendor(),
                    machine.jdkVersion(), machine.vm(), machine.cores(), machine.cpuModel(), machine.maxHeapMiB());
            out.flush();
        }
        HoldModel.Result hold = null;
        if (runs("hold")) {
            try (Progress bar = Progress.open("hold model", HoldModel.runs(holdRounds), "runs")) {
                hold = HoldModel.measure(holdEvents, 1_000, holdRounds, 1, () -> bar.step("hold model"));
            }
        }
        if (!json && hold != null) {
            out.printf(Locale.ROOT, "hold model (%,d events, %,d pending, median of %d): engine %,.0f events/s;"
                            + " SSJ Henriksen %,.0f (engine %.2fx); former PriorityQueue engine %,.0f (engine %.2fx)%n",
                    hold.events(), hold.pending(), hold.rounds(), hold.engineEventsPerSec(), hold.ssjEventsPerSec(),
                    hold.engineToSsj(), hold.priorityQueueEventsPerSec(), hold.engineToPriorityQueue());
            out.flush();
        }
        ReplayBenchmark.Result replay = runs("replay") ? ReplayBenchmark.measure(warmBytes, replayBytes) : null;
        if (replay != null && !"DELIVERED".equals(replay.outcome())) {
            err.println("bench: the replay transfer was not delivered (" + replay.outcome() + "); no figure");
            return 3;
        }
        if (!json && replay != null) {
            out.printf(Locale.ROOT, "replay (HTTP, %,d-byte response over Flannel VXLAN): %,d trace events, %,d engine"
                            + " events in %.2f s: %,.0f trace events/s%n", replay.responseBytes(), replay.traceEvents(),
                    replay.engineEvents(), replay.seconds(), replay.traceEventsPerSec());
            out.flush();
        }
        ScaleBenchmark.Result scale = null;
        if (runs("scale")) {
            try (BuildBar bar = new BuildBar()) {
                scale = ScaleBenchmark.measure(scaleNodes, 30, scaleServices, !allPods, bar);
            }
        }
        if (!json && scale != null) {
            out.printf(Locale.ROOT, "scale (%,d nodes, %,d pods, %,d Services, %,d namespaces, %,d built by the build%s):"
                            + " render %.1f s + build %.1f s = %.1f s wall (%.1f s CPU of the building thread), heap after"
                            + " GC %,d MiB%n",
                    scale.nodes(), scale.pods(), scale.services(), scale.namespaces(), scale.builtNamespaces(),
                    scale.lazyPods() ? ", pods lazily" : "", scale.renderSeconds(), scale.buildSeconds(),
                    scale.totalSeconds(), scale.cpuSeconds(), scale.heapMiB());
        }
        if (!json) {
            out.flush();
            return 0;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quick", quick);
        m.put("clock", "rates per second of " + Clock.describe() + "; scaleBuild1000Seconds wall-clock, "
                + "scaleBuild1000CpuSeconds CPU time of the building thread");
        if (hold != null) {
            putHold(m, hold);
        }
        if (replay != null) {
            putReplay(m, replay);
        }
        if (scale != null) {
            putScale(m, scale);
        }
        m.put("machine", machine.toMap());
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
        } catch (JsonProcessingException e) {
            err.println("bench: could not write JSON: " + e.getMessage());
            return 3;
        }
        out.flush();
        return 0;
    }

    private boolean runs(String part) {
        return only == null || only.isEmpty() || only.contains(part);
    }

    private static void putHold(Map<String, Object> m, HoldModel.Result hold) {
        m.put("holdModelEventsPerSec", Math.round(hold.engineEventsPerSec()));
        m.put("ssjHenriksenEventsPerSec", Math.round(hold.ssjEventsPerSec()));
        m.put("holdModelToSsjRatio", round3(hold.engineToSsj()));
        m.put("priorityQueueEngineEventsPerSec", Math.round(hold.priorityQueueEventsPerSec()));
        m.put("holdModelToPriorityQueueRatio", round3(hold.engineToPriorityQueue()));
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("events", hold.events());
        h.put("pending", hold.pending());
        h.put("rounds", hold.rounds());
        h.put("delays", "exponential, mean 1us, whole ns, SplittableRandom seed 1");
        h.put("ssj", "umontreal.ssj.simevents.eventlist.Henriksen (ca.umontreal.iro.simul:ssj:3.3.1) under an SSJ"
                + " Simulator in this JVM; each event object reschedules itself");
        m.put("holdModel", h);
    }

    private static void putReplay(Map<String, Object> m, ReplayBenchmark.Result replay) {
        m.put("packetHopsPerSec", Math.round(replay.traceEventsPerSec()));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("responseBytes", replay.responseBytes());
        r.put("traceEvents", replay.traceEvents());
        r.put("engineEvents", replay.engineEvents());
        r.put("seconds", round3(replay.seconds()));
        r.put("outcome", replay.outcome());
        m.put("replay", r);
    }

    private static void putScale(Map<String, Object> m, ScaleBenchmark.Result scale) {
        m.put("scaleBuild1000Seconds", round3(scale.totalSeconds()));
        m.put("scaleBuild1000CpuSeconds", round3(scale.cpuSeconds()));
        m.put("scaleHeapMiB", scale.heapMiB());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("nodes", scale.nodes());
        s.put("pods", scale.pods());
        s.put("services", scale.services());
        s.put("namespaces", scale.namespaces());
        s.put("namespacesBuilt", scale.builtNamespaces());
        s.put("lazyPods", scale.lazyPods());
        s.put("podNamespaces", scale.lazyPods() ? "when first needed (none is here), as scripts/bench scale builds them;"
                + " --all-pods builds every one" : "all at once (--all-pods)");
        s.put("renderSeconds", round3(scale.renderSeconds()));
        s.put("buildSeconds", round3(scale.buildSeconds()));
        s.put("renderCpuSeconds", round3(scale.renderCpuSeconds()));
        s.put("buildCpuSeconds", round3(scale.buildCpuSeconds()));
        m.put("scale", s);
    }

    /**
     * The scale build's progress bar: opened on the builder's first report, when the number of steps
     * (three per namespace) is known; nothing when not on a terminal ({@link Progress}).
     */
    private static final class BuildBar implements NetworkBuilder.Progress, AutoCloseable {
        private Progress bar;
        private long last;

        @Override
        public void step(long done, long total) {
            if (bar == null) {
                bar = Progress.open("scale build", (int) Math.min(Integer.MAX_VALUE, total), "steps");
            }
            if (done > last) {
                bar.stepBy((int) (done - last));
                last = done;
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }

    private static double round3(double x) {
        return Math.round(x * 1000) / 1000.0;
    }
}
