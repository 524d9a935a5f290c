package io.podnet.dataplane;

import io.podnet.dataplane.bgp.BgpCheck;
import io.podnet.dataplane.bgp.BgpReference;
import io.podnet.dataplane.bgp.BirdConfig;
import io.podnet.dataplane.bgp.BirdFleet;
import io.podnet.dataplane.compare.Addresses;
import io.podnet.dataplane.compare.Comparator;
import io.podnet.dataplane.compare.FlowResult;
import io.podnet.dataplane.exec.CommandException;
import io.podnet.dataplane.exec.CommandRunner;
import io.podnet.dataplane.exec.Environment;
import io.podnet.dataplane.realise.Renderer;
import io.podnet.dataplane.realise.Rendering;
import io.podnet.dataplane.safety.Names;
import io.podnet.dataplane.traffic.Listener;
import io.podnet.dataplane.traffic.TrafficItem;
import io.podnet.dataplane.traffic.TrafficRunner;
import io.podnet.sim.config.BgpDaemonConfig;
import io.podnet.sim.config.NetworkConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * {@code podnet verify}: realises the run's {@link NetworkConfig} in namespaces, sends each traffic
 * item with real tools while capturing, and compares with the simulator's trace. Everything it
 * creates is removed in {@code finally} and by a shutdown hook (Ctrl-C, SIGTERM).
 */
public final class Verifier {
    /**
     * @param pcapDir    where to keep the real captures, or null to discard them
     * @param timeoutMs  per-attempt timeout
     * @param maxRepeats cap on attempts per item
     * @param settleMs   pause after realisation for the kernel's link watch to enable bridge ports
     * @param convergence fail a BGP node after the traffic and measure how long BIRD takes to withdraw its routes
     * @param failNode   the node to fail (null: the last BGP node that reflects nothing)
     * @param holdTime   BGP hold time override in seconds for both sides (keepalive a third), or null
     */
    public record Options(Path pcapDir, int timeoutMs, int maxRepeats, long settleMs, boolean convergence,
                          String failNode, Integer holdTime) {
        public Options(Path pcapDir, int timeoutMs, int maxRepeats, long settleMs) {
            this(pcapDir, timeoutMs, maxRepeats, settleMs, false, null, null);
        }

        public static Options defaults() {
            return new Options(null, 1500, 200, 1000);
        }

        /** The same options with the BGP failure experiment on ({@code --convergence}). */
        public Options withConvergence(String node, Integer hold) {
            return new Options(pcapDir, timeoutMs, maxRepeats, settleMs, true, node, hold);
        }
    }

    private final CommandRunner runner;
    private final Options options;
    private final Consumer<String> progress;

    public Verifier(CommandRunner runner, Options options, Consumer<String> progress) {
        this.runner = runner;
        this.options = options;
        this.progress = progress == null ? s -> { } : progress;
    }

    /** Checks names and the environment, then verifies. Throws {@link VerifyException} for exit codes 2 and 3. */
    public VerifyReport verify(VerifyInput original) {
        long t0 = System.nanoTime();
        checkInput(original);
        if (options.holdTime() != null && (options.holdTime() < 3 || options.holdTime() > 65535)) {
            throw new VerifyException(VerifyException.BAD_INPUT, "the BGP hold time must be 3-65535 s, was "
                    + options.holdTime());
        }
        BgpVerification bgpPart = new BgpVerification(options, progress);
        VerifyInput in = options.holdTime() == null ? original : BgpVerification.withHold(original, options.holdTime());
        boolean bgp = in.network() != null && !in.network().bgp().isEmpty();
        Set<String> down = EventReplay.downByEvents(in);
        String failNode = bgp && options.convergence() ? bgpPart.failNode(in.network(), down) : null;
        Environment env = Environment.probe();
        if (!env.ok()) {
            throw new VerifyException(VerifyException.ENVIRONMENT, String.join("\n", env.problems()));
        }
        List<String> warnings = new ArrayList<>();
        warnings.add("underlay link latency and bandwidth are not applied in the kernel (this kernel has no netem qdisc):"
                + " the timing section compares the kernel with a simulation whose links add their latency and"
                + " serialisation; give the scenario a zero-latency underlay to compare CPU time alone");
        if (bgp && options.convergence() && failNode == null) {
            warnings.add("--convergence: every BGP node that could be failed is already taken down by the scenario's own"
                    + " events; convergence was not measured");
        }
        if (options.convergence() && !bgp) {
            warnings.add("--convergence asks for a BGP node failure, but this design runs no BGP daemon");
        }
        if (in.notCheckable().containsKey("*")) {
            List<FlowResult> flows = in.traffic().stream()
                    .map(t -> FlowResult.notCheckable(t.name(), in.notCheckable().get("*"))).toList();
            return new VerifyReport(in.scenario(), flows, warnings, 0, millis(t0));
        }
        List<String> unsupported = Renderer.notCheckable(in.network());
        if (!unsupported.isEmpty()) {
            String why = "not checkable on this kernel: " + String.join("; ", unsupported);
            List<FlowResult> flows = in.traffic().stream().map(t -> FlowResult.notCheckable(t.name(), why)).toList();
            return new VerifyReport(in.scenario(), flows, warnings, 0, millis(t0));
        }
        if (bgp && (!env.has("bird") || !env.has("birdc"))) {
            throw new VerifyException(VerifyException.ENVIRONMENT, Environment.missing(env.has("bird") ? "birdc" : "bird")
                    + " (BGP designs run BIRD 2 in every node namespace)");
        }
        NetworkConfig realised = KernelRealisation.unbindOversizeVxlan(bgp ? BirdConfig.withoutBirdRoutes(in.network())
                : in.network(), warnings);
        KernelRealisation run = KernelRealisation.open(runner, realised, "podnet-verify-cleanup");
        Rendering rendering = run.rendering();
        Path work = null;
        Path httpSizeFile = null;
        try {
            work = options.pcapDir() != null ? Files.createDirectories(options.pcapDir())
                    : Files.createTempDirectory(io.podnet.dataplane.realise.RunFiles.prefix("verify"));
            if (options.pcapDir() == null) {
                run.track(work);
            }
            progress.accept("creating " + rendering.allNamespaces().size() + " namespaces (" + run.prefix().value() + ")");
            long r0 = System.nanoTime();
            try {
                run.realise();
            } catch (CommandException e) {
                String msg = e.getMessage();
                if (msg.contains("Unknown device type")) {
                    List<FlowResult> flows = in.traffic().stream().map(t -> FlowResult.notCheckable(t.name(),
                            "not checkable on this kernel: " + msg)).toList();
                    return new VerifyReport(in.scenario(), flows, warnings, millis(r0), millis(t0));
                }
                throw new VerifyException(VerifyException.ENVIRONMENT, "the kernel refused the configuration: " + msg);
            }
            warnings.addAll(run.warnings());
            sleep(options.settleMs());
            long realiseMs = millis(r0);
            progress.accept("realised in " + realiseMs + " ms");
            BgpCheck bgpCheck = null;
            BgpReference.Prediction prediction = null;
            BirdFleet fleet = null;
            if (bgp) {
                fleet = new BirdFleet(runner, rendering, in.network());
                run.attach(fleet);
                prediction = BgpReference.predict(in.network(), failNode, down);
                bgpCheck = bgpPart.startBird(in, fleet, prediction);
            }
            Addresses addresses = new Addresses(in.network());
            TrafficRunner traffic = new TrafficRunner(runner, rendering::real, options.timeoutMs());
            List<Listener> listeners = FlowCheck.listeners(in, addresses);
            EventReplay replay = new EventReplay(runner);
            FlowCheck check = new FlowCheck(runner, options);
            Map<Integer, Integer> httpSizes = new java.util.TreeMap<>();
            for (TrafficItem t : in.traffic()) {
                if (t.protocol().equals("http")) {
                    httpSizes.putIfAbsent(t.request(), t.response());
                }
            }
            httpSizeFile = Files.createTempFile(io.podnet.dataplane.realise.RunFiles.prefix("http"), ".size");
            run.track(httpSizeFile);
            traffic.useHttpSizeFile(httpSizeFile);
            List<String> serverProblems = traffic.startServers(listeners, httpSizes);
            if (!serverProblems.isEmpty()) {
                throw new VerifyException(VerifyException.ENVIRONMENT, String.join("\n", serverProblems));
            }
            List<FlowResult> flows = new ArrayList<>();
            int n = 0;
            for (TrafficItem item : in.traffic()) {
                n++;
                if (in.notCheckable().containsKey(item.name())) {
                    flows.add(FlowResult.notCheckable(item.name(), in.notCheckable().get(item.name())));
                    continue;
                }
                List<String> replayed = new ArrayList<>();
                for (VerifyInput.KernelEvent e : in.eventsBefore().getOrDefault(item.name(), List.of())) {
                    progress.accept("replaying " + e.text());
                    replay.replay(e, rendering, in.network());
                    replayed.add("before this item the kernel replayed " + e.text());
                    if (!e.neighbours().addresses().isEmpty()) {
                        Set<String> holders = new TreeSet<>();
                        e.neighbours().cached().forEach(c -> holders.add(c.namespace() + " " + c.ip()));
                        replayed.add("first the kernel's neighbour caches for " + String.join(", ", e.neighbours().addresses())
                                + " were set to the simulator's: " + (holders.isEmpty() ? "no entries"
                                : "entries in " + String.join(", ", holders)) + " (which were cached depends on earlier"
                                + " random endpoint choices, made independently on each side)");
                    }
                }
                progress.accept("[" + n + "/" + in.traffic().size() + "] " + item.name());
                FlowResult fr = check.verifyItem(in, item, rendering, addresses, traffic, work, n);
                if (!replayed.isEmpty()) {
                    replayed.addAll(fr.notes());
                    fr = new FlowResult(fr.name(), fr.checkable(), fr.simulated(), fr.kernel(), fr.differences(),
                            fr.firstDivergence(), replayed);
                }
                flows.add(fr);
            }
            if (bgpCheck != null && options.convergence() && failNode != null) {
                bgpCheck = bgpCheck.withConvergence(bgpPart.convergence(in, fleet, prediction, down));
            }
            return new VerifyReport(in.scenario(), flows, warnings, realiseMs, millis(t0), bgpCheck, check.timings());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            run.close();
            if (options.pcapDir() == null && work != null) {
                deleteTree(work);
            }
            if (httpSizeFile != null) {
                try {
                    Files.deleteIfExists(httpSizeFile);
                } catch (IOException e) {
                    // best effort for a temporary file
                }
            }
        }
    }

    /** Exit 2 before anything is created when a name is unsafe or an item refers to nothing. */
    public static void checkInput(VerifyInput in) {
        List<String> problems = new ArrayList<>(Names.problems(in.network()));
        if (in.network() != null && problems.isEmpty()) {
            for (BgpDaemonConfig d : in.network().bgp()) {
                problems.addAll(BirdConfig.problems(d, in.network()));
            }
        }
        in.eventsBefore().values().forEach(events -> events.forEach(e -> e.rules().forEach((ns, text) ->
                Names.rulesetProblems(text, "the rules " + e.text() + " reloads in '" + Names.printable(ns) + "'",
                        problems))));
        for (TrafficItem t : in.traffic()) {
            if (in.network() != null && in.network().namespace(t.source()) == null) {
                problems.add("traffic '" + Names.printable(t.name()) + "': source '" + Names.printable(t.source())
                        + "' is not a namespace of the configuration");
            }
            if (t.request() < 0 || t.response() < 0 || t.request() > 1_000_000 || t.response() > 10_000_000) {
                problems.add("traffic '" + Names.printable(t.name()) + "': sizes out of range");
            }
        }
        if (!problems.isEmpty()) {
            throw new VerifyException(VerifyException.BAD_INPUT,
                    "refusing to create anything:\n  " + String.join("\n  ", problems));
        }
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort for a temporary directory
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
