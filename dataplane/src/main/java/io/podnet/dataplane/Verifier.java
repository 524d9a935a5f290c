package io.podnet.dataplane;

import io.podnet.dataplane.capture.CaptureSet;
import io.podnet.dataplane.capture.CapturedFrame;
import io.podnet.dataplane.capture.Conntrack;
import io.podnet.dataplane.compare.Addresses;
import io.podnet.dataplane.compare.Comparator;
import io.podnet.dataplane.compare.FlowFacts;
import io.podnet.dataplane.compare.FlowResult;
import io.podnet.dataplane.compare.Hop;
import io.podnet.dataplane.compare.KernelFacts;
import io.podnet.dataplane.compare.Rules;
import io.podnet.dataplane.compare.SimulatedFacts;
import io.podnet.dataplane.exec.CommandException;
import io.podnet.dataplane.exec.CommandResult;
import io.podnet.dataplane.exec.CommandRunner;
import io.podnet.dataplane.exec.Environment;
import io.podnet.dataplane.realise.Cleanup;
import io.podnet.dataplane.realise.Realiser;
import io.podnet.dataplane.realise.Renderer;
import io.podnet.dataplane.realise.Rendering;
import io.podnet.dataplane.realise.RunPrefix;
import io.podnet.dataplane.safety.Names;
import io.podnet.dataplane.traffic.Attempt;
import io.podnet.dataplane.traffic.Listener;
import io.podnet.dataplane.traffic.TrafficItem;
import io.podnet.dataplane.traffic.TrafficRunner;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
     */
    public record Options(Path pcapDir, int timeoutMs, int maxRepeats, long settleMs) {
        public static Options defaults() {
            return new Options(null, 1500, 200, 1000);
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
    public VerifyReport verify(VerifyInput in) {
        long t0 = System.nanoTime();
        checkInput(in);
        Environment env = Environment.probe();
        if (!env.ok()) {
            throw new VerifyException(VerifyException.ENVIRONMENT, String.join("\n", env.problems()));
        }
        List<String> warnings = new ArrayList<>();
        warnings.add("underlay link latency and bandwidth are not applied in the kernel (no tc); timings are not compared");
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
        RunPrefix prefix = RunPrefix.fresh(ProcessHandle.current().pid(), System.nanoTime());
        Rendering rendering = Renderer.render(in.network(), prefix);
        Cleanup cleanup = new Cleanup(runner);
        Thread hook = new Thread(() -> {
            runner.stopAll();
            cleanup.removeRun(prefix);
        }, "podnet-verify-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        Path work = null;
        try {
            work = options.pcapDir() != null ? Files.createDirectories(options.pcapDir())
                    : Files.createTempDirectory("podnet-verify-");
            progress.accept("creating " + rendering.allNamespaces().size() + " namespaces (" + prefix.value() + ")");
            long r0 = System.nanoTime();
            Realiser realiser = new Realiser(runner);
            try {
                realiser.realise(rendering);
            } catch (CommandException e) {
                String msg = e.getMessage();
                if (msg.contains("Unknown device type")) {
                    List<FlowResult> flows = in.traffic().stream().map(t -> FlowResult.notCheckable(t.name(),
                            "not checkable on this kernel: " + msg)).toList();
                    return new VerifyReport(in.scenario(), flows, warnings, millis(r0), millis(t0));
                }
                throw new VerifyException(VerifyException.ENVIRONMENT, "the kernel refused the configuration: " + msg);
            }
            warnings.addAll(realiser.warnings());
            sleep(options.settleMs());
            long realiseMs = millis(r0);
            progress.accept("realised in " + realiseMs + " ms");
            Addresses addresses = new Addresses(in.network());
            TrafficRunner traffic = new TrafficRunner(runner, rendering::real, options.timeoutMs());
            List<Listener> listeners = listeners(in, addresses);
            List<String> serverProblems = traffic.startServers(listeners);
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
                progress.accept("[" + n + "/" + in.traffic().size() + "] " + item.name());
                flows.add(verifyItem(in, item, rendering, addresses, traffic, work, n));
            }
            return new VerifyReport(in.scenario(), flows, warnings, realiseMs, millis(t0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            runner.stopAll();
            cleanup.removeRun(prefix);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs anyway
            }
            if (options.pcapDir() == null && work != null) {
                deleteTree(work);
            }
        }
    }

    /** Exit 2 before anything is created when a name is unsafe or an item refers to nothing. */
    public static void checkInput(VerifyInput in) {
        List<String> problems = new ArrayList<>(Names.problems(in.network()));
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

    private FlowResult verifyItem(VerifyInput in, TrafficItem original, Rendering r, Addresses addresses,
                                  TrafficRunner traffic, Path work, int n) {
        TrafficItem item = original.count() > options.maxRepeats()
                ? new TrafficItem(original.name(), original.protocol(), original.source(), original.dst(),
                original.port(), original.request(), original.response(), options.maxRepeats(), original.intervalMs())
                : original;
        FlowFacts sim = SimulatedFacts.from(in.trace(), item, in.simOutcomes().get(item.name()),
                in.simServedBy().get(item.name()));
        NetworkConfig cfg = in.network();
        String sourceNode = cfg.namespace(item.source()).owner();
        // where to capture: the simulator's path, the client's interface, and the nodes' underlay NICs
        Set<String> locations = new LinkedHashSet<>();
        for (Hop h : sim.path()) {
            locations.add(h.location());
        }
        NamespaceConfig src = cfg.namespace(item.source());
        if (!src.interfaces().isEmpty()) {
            locations.add(item.source() + "/" + src.interfaces().get(0).name());
        }
        Set<String> nodes = new LinkedHashSet<>();
        for (String loc : locations) {
            NamespaceConfig ns = cfg.namespace(loc.substring(0, loc.indexOf('/')));
            if (ns != null && ns.owner() != null) {
                nodes.add(ns.owner());
            }
        }
        for (NamespaceConfig ns : cfg.namespaces()) {
            if (nodes.contains(ns.name()) || cfg.namespaces().stream().filter(x -> "node".equals(x.role())).count() <= 10) {
                for (InterfaceConfig i : ns.interfaces()) {
                    if (i instanceof InterfaceConfig.Nic) {
                        locations.add(ns.name() + "/" + i.name());
                    }
                }
            }
        }
        List<CaptureSet.Point> points = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String loc : locations) {
            String nsName = loc.substring(0, loc.indexOf('/'));
            String dev = loc.substring(loc.indexOf('/') + 1);
            NamespaceConfig ns = cfg.namespace(nsName);
            if (ns == null || (ns.iface(dev) == null && !dev.equals("lo")) || !Names.isIfName(dev) && !dev.equals("lo")) {
                notes.add("cannot capture at " + loc + ": no such interface in the configuration");
                continue;
            }
            points.add(new CaptureSet.Point(r.real(nsName), dev, loc));
        }
        List<String> nodeNs = new ArrayList<>();
        for (NamespaceConfig ns : cfg.namespaces()) {
            if (!ns.iptables().isBlank() || "node".equals(ns.role())) {
                nodeNs.add(ns.name());
            }
        }
        for (String ns : nodeNs) {
            runner.run(List.of("ip", "netns", "exec", r.real(ns), "conntrack", "-F"), null, Duration.ofSeconds(10));
        }
        CaptureSet captures = new CaptureSet(runner, work);
        captures.start(points, String.format("%02d-%s", n, item.name()));
        List<Attempt> attempts = traffic.run(item);
        sleep(300);
        Set<Integer> vxlanPorts = vxlanPorts(cfg);
        Map<String, List<CapturedFrame>> frames = captures.stop(vxlanPorts);
        notes.addAll(captures.problems());
        List<Conntrack.Entry> ct = new ArrayList<>();
        for (String ns : nodeNs) {
            CommandResult c = runner.run(List.of("ip", "netns", "exec", r.real(ns), "conntrack", "-L"), null,
                    Duration.ofSeconds(10));
            ct.addAll(Conntrack.parse(c.stdout()));
        }
        FlowFacts kernel = KernelFacts.from(item, attempts, frames, ct, addresses, sim.pathEndpoint(),
                sim.path().stream().map(Hop::location).toList());
        Set<String> candidates = candidates(cfg, item, addresses);
        FlowResult res = Comparator.compare(item, sim, kernel, candidates, sourceNode);
        List<String> allNotes = new ArrayList<>(res.notes());
        allNotes.addAll(notes);
        if (original.count() > item.count()) {
            allNotes.add("the kernel ran " + item.count() + " of " + original.count() + " attempts (--max-repeats)");
        }
        return new FlowResult(res.name(), true, res.simulated(), res.kernel(), res.differences(), res.firstDivergence(),
                allNotes);
    }

    /** The endpoint namespaces the item's destination can be translated to, or null when it is not a Service. */
    static Set<String> candidates(NetworkConfig cfg, TrafficItem item, Addresses addresses) {
        if (item.transport().equals("icmp")) {
            return null;
        }
        Set<String> out = new TreeSet<>();
        for (NamespaceConfig ns : cfg.namespaces()) {
            if (ns.name().equals(cfg.namespace(item.source()).owner()) && !ns.iptables().isBlank()) {
                for (String ep : Rules.endpointsFor(ns.iptables(), item.transport(), item.dst().toString(), item.port())) {
                    out.add(addresses.name(ep.substring(0, ep.indexOf(':'))));
                }
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** Real servers: every DNAT target of every ruleset, every pod dialled directly, every simulated delivery. */
    static List<Listener> listeners(VerifyInput in, Addresses addresses) {
        if (!in.listeners().isEmpty()) {
            return in.listeners();
        }
        Set<Listener> out = new LinkedHashSet<>();
        NetworkConfig cfg = in.network();
        for (NamespaceConfig ns : cfg.namespaces()) {
            for (Rules.Target t : Rules.dnatTargets(ns.iptables())) {
                String owner = addresses.name(t.ip());
                if (cfg.namespace(owner) != null && !t.protocol().equals("sctp")) {
                    out.add(new Listener(owner, t.protocol(), t.port()));
                }
            }
        }
        for (TrafficItem t : in.traffic()) {
            if (t.transport().equals("icmp")) {
                continue;
            }
            String owner = addresses.name(t.dst().toString());
            if (cfg.namespace(owner) != null && "pod".equals(cfg.namespace(owner).role())) {
                out.add(new Listener(owner, t.transport(), t.port()));
            }
        }
        for (TraceEvent e : in.trace()) {
            if (e.kind() != EventKind.DELIVER || e.packet() == null || cfg.namespace(e.namespace()) == null) {
                continue;
            }
            Packet p = e.packet();
            TcpHeader tcp = p.last(TcpHeader.class);
            UdpHeader udp = p.last(UdpHeader.class);
            if (tcp != null && tcp.has(TcpHeader.SYN) && !tcp.has(TcpHeader.ACK)) {
                out.add(new Listener(e.namespace(), "tcp", tcp.dstPort()));
            } else if (udp != null && tcp == null && in.traffic().stream().anyMatch(
                    t -> t.transport().equals("udp") && SimulatedFactsAccess.ofFlow(e, t.name())
                            && !t.source().equals(e.namespace()))) {
                out.add(new Listener(e.namespace(), "udp", udp.dstPort()));
            }
        }
        return new ArrayList<>(out);
    }

    static Set<Integer> vxlanPorts(NetworkConfig cfg) {
        Set<Integer> ports = new TreeSet<>();
        for (NamespaceConfig ns : cfg.namespaces()) {
            for (InterfaceConfig i : ns.interfaces()) {
                if (i instanceof InterfaceConfig.Vxlan x) {
                    ports.add(x.port());
                }
            }
        }
        if (ports.isEmpty()) {
            ports.add(8472);
        }
        return ports;
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

    /** Bridges to the package-private flow matcher without widening its API. */
    private static final class SimulatedFactsAccess {
        static boolean ofFlow(TraceEvent e, String name) {
            String f = e.flow();
            return f != null && (f.equals(name) || f.startsWith(name + "#") || f.startsWith(name + "/"));
        }
    }
}
