package io.podnet.dataplane;

import io.podnet.dataplane.bgp.BgpCheck;
import io.podnet.dataplane.bgp.BgpReference;
import io.podnet.dataplane.bgp.BirdConfig;
import io.podnet.dataplane.bgp.BirdFleet;
import io.podnet.dataplane.bgp.KernelRoute;
import io.podnet.dataplane.bgp.RouteDiff;
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
import io.podnet.dataplane.realise.RunLock;
import io.podnet.dataplane.realise.RunPrefix;
import io.podnet.dataplane.safety.Names;
import io.podnet.dataplane.traffic.Attempt;
import io.podnet.dataplane.traffic.Listener;
import io.podnet.dataplane.traffic.TrafficItem;
import io.podnet.dataplane.traffic.TrafficRunner;
import io.podnet.sim.config.BgpDaemonConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.net.Ipv4Prefix;
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
        VerifyInput in = options.holdTime() == null ? original : withHold(original, options.holdTime());
        boolean bgp = in.network() != null && !in.network().bgp().isEmpty();
        java.util.Set<String> down = downByEvents(in);
        String failNode = bgp && options.convergence() ? failNode(in.network(), down) : null;
        Environment env = Environment.probe();
        if (!env.ok()) {
            throw new VerifyException(VerifyException.ENVIRONMENT, String.join("\n", env.problems()));
        }
        List<String> warnings = new ArrayList<>();
        warnings.add("underlay link latency and bandwidth are not applied in the kernel (this kernel has no netem qdisc);"
                + " timings are not compared");
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
        RunPrefix prefix = RunPrefix.fresh(ProcessHandle.current().pid(), System.nanoTime());
        RunLock runLock = lock(prefix);
        NetworkConfig realised = unbindOversizeVxlan(bgp ? BirdConfig.withoutBirdRoutes(in.network()) : in.network(), warnings);
        Rendering rendering = Renderer.render(realised, prefix, in.dfSet());
        Cleanup cleanup = new Cleanup(runner);
        java.util.concurrent.atomic.AtomicReference<BirdFleet> liveFleet = new java.util.concurrent.atomic.AtomicReference<>();
        Thread hook = new Thread(() -> {
            BirdFleet f = liveFleet.get();
            if (f != null) {
                f.close(); // BIRD ended by pid, its private directory removed
            }
            runner.stopAll();
            cleanup.removeRun(prefix);
            runLock.close();
        }, "podnet-verify-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        Path work = null;
        Path httpSizeFile = null;
        BirdFleet fleet = null;
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
            realiser.checkMtus(rendering, realised);
            warnings.addAll(realiser.warnings());
            sleep(options.settleMs());
            long realiseMs = millis(r0);
            progress.accept("realised in " + realiseMs + " ms");
            BgpCheck bgpCheck = null;
            BgpReference.Prediction prediction = null;
            if (bgp) {
                fleet = new BirdFleet(runner, rendering, in.network());
                liveFleet.set(fleet);
                prediction = BgpReference.predict(in.network(), failNode, down);
                bgpCheck = startBird(in, fleet, prediction);
            }
            Addresses addresses = new Addresses(in.network());
            TrafficRunner traffic = new TrafficRunner(runner, rendering::real, options.timeoutMs());
            List<Listener> listeners = listeners(in, addresses);
            Map<Integer, Integer> httpSizes = new java.util.TreeMap<>();
            for (TrafficItem t : in.traffic()) {
                if (t.protocol().equals("http")) {
                    httpSizes.putIfAbsent(t.request(), t.response());
                }
            }
            httpSizeFile = Files.createTempFile("podnet-http-", ".size");
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
                    replay(e, rendering, in.network());
                    replayed.add("before this item the kernel replayed " + e.text());
                    if (!e.neighbours().addresses().isEmpty()) {
                        Set<String> holders = new java.util.TreeSet<>();
                        e.neighbours().cached().forEach(c -> holders.add(c.namespace() + " " + c.ip()));
                        replayed.add("first the kernel's neighbour caches for " + String.join(", ", e.neighbours().addresses())
                                + " were set to the simulator's: " + (holders.isEmpty() ? "no entries"
                                : "entries in " + String.join(", ", holders)) + " (which were cached depends on earlier"
                                + " random endpoint choices, made independently on each side)");
                    }
                }
                progress.accept("[" + n + "/" + in.traffic().size() + "] " + item.name());
                FlowResult fr = verifyItem(in, item, rendering, addresses, traffic, work, n);
                if (!replayed.isEmpty()) {
                    replayed.addAll(fr.notes());
                    fr = new FlowResult(fr.name(), fr.checkable(), fr.simulated(), fr.kernel(), fr.differences(),
                            fr.firstDivergence(), replayed);
                }
                flows.add(fr);
            }
            if (bgpCheck != null && options.convergence() && failNode != null) {
                bgpCheck = bgpCheck.withConvergence(convergence(in, fleet, prediction, down));
            }
            return new VerifyReport(in.scenario(), flows, warnings, realiseMs, millis(t0), bgpCheck);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (fleet != null) {
                fleet.close();
            }
            runner.stopAll();
            cleanup.removeRun(prefix);
            runLock.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs anyway
            }
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

    /**
     * A VXLAN device bound to a NIC ({@code dev eth0}) cannot have an MTU above the NIC's minus 50: the
     * kernel clamps it. Such a device is created unbound (the outer packets still leave by the route
     * to the peer, through the same NIC), as an administrator forcing the MTU would do; noted in the
     * warnings.
     */
    static NetworkConfig unbindOversizeVxlan(NetworkConfig c, List<String> warnings) {
        List<NamespaceConfig> out = new ArrayList<>();
        boolean changed = false;
        for (NamespaceConfig ns : c.namespaces()) {
            List<InterfaceConfig> ifs = new ArrayList<>();
            for (InterfaceConfig i : ns.interfaces()) {
                InterfaceConfig lower = i instanceof InterfaceConfig.Vxlan x && x.device() != null ? ns.iface(x.device()) : null;
                if (lower != null && i.mtu() > lower.mtu() - 50) {
                    InterfaceConfig.Vxlan x = (InterfaceConfig.Vxlan) i;
                    ifs.add(new InterfaceConfig.Vxlan(x.name(), x.mac(), x.mtu(), x.addresses(), x.vni(), x.port(), x.local(), null,
                            x.learning()));
                    String w = "VXLAN devices with MTU " + x.mtu() + " are created without 'dev " + x.device() + "': bound to a"
                            + " NIC the kernel caps them at the NIC's MTU minus 50 (" + (lower.mtu() - 50) + ")";
                    if (!warnings.contains(w)) {
                        warnings.add(w);
                    }
                    changed = true;
                } else {
                    ifs.add(i);
                }
            }
            out.add(new NamespaceConfig(ns.name(), ns.role(), ns.owner(), ifs, ns.routes(), ns.neighbours(), ns.fdb(),
                    ns.sysctls(), ns.iptables()));
        }
        return changed ? new NetworkConfig(out, c.segments(), c.bgp()) : c;
    }

    private static RunLock lock(RunPrefix prefix) {
        try {
            return RunLock.acquire(prefix);
        } catch (IllegalStateException e) {
            throw new VerifyException(VerifyException.ENVIRONMENT, e.getMessage());
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

    private FlowResult verifyItem(VerifyInput in, TrafficItem original, Rendering r, Addresses addresses,
                                  TrafficRunner traffic, Path work, int n) {
        TrafficItem item = original.count() > options.maxRepeats() ? original.withCount(options.maxRepeats()) : original;
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
        Map<String, List<CapturedFrame>> frames = notFlooded(cfg, captures.stop(vxlanPorts));
        notes.addAll(captures.problems());
        List<Conntrack.Entry> ct = new ArrayList<>();
        for (String ns : nodeNs) {
            CommandResult c = runner.run(List.of("ip", "netns", "exec", r.real(ns), "conntrack", "-L"), null,
                    Duration.ofSeconds(10));
            ct.addAll(Conntrack.parse(c.stdout()));
        }
        if (item.protocol().equals("http")) {
            attempts = httpServers(attempts, ct, item);
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

    /**
     * Replays the data-plane step of a scenario event inside the run's namespaces: {@code fail} and
     * {@code delete} set every link of the namespaces down (IPv4 then drops the routes through them),
     * {@code link-down} the node's underlay NICs; {@code restore} and {@code link-up} set them up and
     * write the namespaces' routes and neighbours again; {@code reload} loads each namespace's new
     * ruleset as kube-proxy would ({@code iptables-restore}: conntrack entries survive; nftables: the
     * namespace's ruleset is replaced).
     */
    void replay(VerifyInput.KernelEvent e, Rendering r, NetworkConfig cfg) {
        if (e.action().equals("reload")) {
            Realiser realiser = new Realiser(runner);
            for (Map.Entry<String, String> rules : e.rules().entrySet()) {
                if (cfg.namespace(rules.getKey()) != null) {
                    realiser.loadRules("replaying " + e.text() + " in " + rules.getKey(), r.real(rules.getKey()),
                            rules.getValue(), true, Duration.ofSeconds(30));
                }
            }
            return;
        }
        alignNeighbours(e, r, cfg);
        boolean up = VerifyInput.KernelEvent.bringsBack(e.action());
        boolean nicsOnly = e.action().startsWith("link-");
        for (String name : e.namespaces()) {
            NamespaceConfig ns = cfg.namespace(name);
            if (ns == null) {
                continue;
            }
            StringBuilder b = new StringBuilder();
            for (InterfaceConfig i : ns.interfaces()) {
                if (!nicsOnly || i instanceof InterfaceConfig.Nic) {
                    b.append("link set dev ").append(i.name()).append(up ? " up\n" : " down\n");
                }
            }
            if (up) {
                b.append(Renderer.routesAndNeighbours(ns));
            }
            if (b.length() > 0) {
                runner.runOrThrow("replaying " + e.text() + " in " + name, List.of("ip", "-n", r.real(name), "-b", "-"),
                        b.toString(), Duration.ofSeconds(30));
            }
        }
    }

    /**
     * Before addresses go dark, sets the kernel's neighbour caches for them to what the simulator held
     * (see {@link VerifyInput.KernelEvent#neighbours()}): in every namespace that is not a pod and not
     * going down, entries the simulator had are written as REACHABLE, the others flushed (permanent
     * entries, such as Flannel's, are left alone).
     */
    private void alignNeighbours(VerifyInput.KernelEvent e, Rendering r, NetworkConfig cfg) {
        VerifyInput.NeighbourCaches caches = e.neighbours();
        if (caches.addresses().isEmpty()) {
            return;
        }
        for (NamespaceConfig ns : cfg.namespaces()) {
            if ("pod".equals(ns.role()) || e.namespaces().contains(ns.name())) {
                continue;
            }
            StringBuilder b = new StringBuilder();
            Set<String> kept = new java.util.HashSet<>();
            for (VerifyInput.NeighbourCaches.Cached c : caches.cached()) {
                if (c.namespace().equals(ns.name()) && ns.iface(c.device()) != null && Names.isIfName(c.device())) {
                    b.append("neigh replace ").append(io.podnet.sim.net.Ipv4Address.parse(c.ip())).append(" lladdr ")
                            .append(io.podnet.sim.net.MacAddress.parse(c.mac())).append(" dev ").append(c.device())
                            .append(" nud reachable\n");
                    kept.add(c.ip());
                }
            }
            for (String a : caches.addresses()) {
                if (!kept.contains(a)) {
                    b.append("neigh flush to ").append(io.podnet.sim.net.Ipv4Address.parse(a)).append('\n');
                }
            }
            runner.runOrThrow("setting the neighbour caches of " + ns.name() + " before " + e.text(),
                    List.of("ip", "-n", r.real(ns.name()), "-b", "-"), b.toString(), Duration.ofSeconds(30));
        }
    }

    /** Starts BIRD everywhere, waits for the sessions and the routes, and compares the routes per node. */
    private BgpCheck startBird(VerifyInput in, BirdFleet fleet, BgpReference.Prediction prediction) {
        NetworkConfig cfg = in.network();
        progress.accept("starting BIRD 2 in " + cfg.bgp().size() + " namespaces");
        boolean fromRun = in.simBgp() != null && options.holdTime() == null;
        Map<String, List<KernelRoute>> expected = fromRun ? in.simBgp().routes() : prediction.routes();
        String source = fromRun ? "the simulated run's BGP"
                : "the simulator's BGP speakers (sim-core BgpSpeaker) run on this configuration";
        List<String> notes = new ArrayList<>();
        BgpDaemonConfig first = cfg.bgp().get(0);
        notes.add("timers: hold " + first.holdTimeSeconds() + " s, keepalive " + first.keepaliveSeconds()
                + " s, connect delay " + first.connectDelayNanos() / 1_000_000_000.0 + " s, connect retry "
                + first.connectRetryNanos() / 1_000_000_000.0 + " s, error wait 5-30 s");
        if (!fleet.start()) {
            throw new VerifyException(VerifyException.ENVIRONMENT, String.join("\n", fleet.problems()));
        }
        long est = fleet.awaitEstablished(Duration.ofSeconds(60));
        progress.accept(est < 0 ? "BIRD sessions did not all come up" : "BIRD sessions Established after " + est + " ms");
        long routesMs = fleet.awaitRoutes(expected, 3000, Duration.ofSeconds(30));
        Map<String, List<KernelRoute>> kernel = fleet.allRoutes();
        List<RouteDiff> diffs = new ArrayList<>();
        for (BgpDaemonConfig d : cfg.bgp()) {
            diffs.add(RouteDiff.of(d.namespace(), expected.getOrDefault(d.namespace(), List.of()),
                    kernel.getOrDefault(d.namespace(), List.of())));
        }
        notes.addAll(fleet.problems());
        return new BgpCheck(source, diffs, est, routesMs, prediction.convergedNanos(), null, notes);
    }

    /** Fails a node in the kernel and waits until every surviving BIRD has withdrawn its routes. */
    private BgpCheck.Convergence convergence(VerifyInput in, BirdFleet fleet, BgpReference.Prediction prediction,
                                             java.util.Set<String> downByEvents) {
        NetworkConfig cfg = in.network();
        BgpReference.Failure f = prediction.failure();
        BgpDaemonConfig failed = BgpReference.daemon(cfg, f.node());
        java.util.Set<String> down = new java.util.TreeSet<>(downByEvents);
        down.retainAll(cfg.bgp().stream().map(BgpDaemonConfig::namespace).toList());
        for (String d : down) {
            // The scenario's own events took d down earlier; its peers must have let go of it first, as
            // they have in the simulator's prediction, so that one failure is measured at a time.
            BgpDaemonConfig dc = BgpReference.daemon(cfg, d);
            progress.accept("waiting for the peers of " + d + " (down since the scenario's own event) to withdraw its"
                    + " routes");
            fleet.awaitWithdrawal(down, dc.originate(), System.nanoTime(), Duration.ofSeconds(dc.holdTimeSeconds() + 60L));
        }
        progress.accept("failing " + f.node() + " (its underlay link goes down); waiting up to the hold time ("
                + failed.holdTimeSeconds() + " s) for its routes to be withdrawn");
        List<Ipv4Prefix> prefixes = failed.originate();
        long t0 = fleet.fail(f.node());
        java.util.Set<String> skip = new java.util.TreeSet<>(down);
        skip.add(f.node());
        Map<String, Long> perPeer = fleet.awaitWithdrawal(skip, prefixes, t0,
                Duration.ofSeconds(failed.holdTimeSeconds() + 60L));
        long worst = 0;
        for (long v : perPeer.values()) {
            worst = v < 0 || worst < 0 ? -1 : Math.max(worst, v);
        }
        sleep(500);
        List<RouteDiff> after = new ArrayList<>();
        for (Map.Entry<String, List<KernelRoute>> e : f.routesAfter().entrySet()) {
            after.add(RouteDiff.of(e.getKey(), e.getValue(), fleet.routes(e.getKey())));
        }
        Map<String, Double> simPer = new java.util.TreeMap<>();
        f.perPeerNanos().forEach((k, v) -> simPer.put(k, v < 0 ? -1.0 : v / 1e6));
        double simMs = f.convergenceNanos() < 0 ? -1 : f.convergenceNanos() / 1e6;
        if (in.simBgp() != null && options.holdTime() == null && f.node().equals(in.simBgp().failedNode())
                && in.simBgp().convergenceNanos() >= 0) {
            simMs = in.simBgp().convergenceNanos() / 1e6;
        }
        return new BgpCheck.Convergence(f.node(), "power loss: the simulator crashes the node's speaker and takes its"
                + " addresses off the network; the kernel sets its underlay NICs down (no NOTIFICATION, no TCP close"
                + " reaches the peers), so both sides notice only when the hold timer expires"
                + (down.isEmpty() ? "" : "; " + String.join(", ", down) + " had already failed (the scenario's own"
                + " events) and its routes were withdrawn on both sides before " + f.node() + " failed"),
                failed.holdTimeSeconds(), failed.keepaliveSeconds(), worst, perPeer, simMs, simPer, after);
    }

    /**
     * The namespaces the scenario's own events take down in the kernel before the convergence
     * measurement ({@code fail}, {@code link-down}, {@code delete}, unless a later {@code restore} or
     * {@code link-up} brings them back).
     */
    static java.util.Set<String> downByEvents(VerifyInput in) {
        List<VerifyInput.KernelEvent> all = new ArrayList<>();
        in.eventsBefore().values().forEach(all::addAll);
        all.sort(java.util.Comparator.comparingLong(VerifyInput.KernelEvent::atNanos));
        java.util.Set<String> down = new java.util.TreeSet<>();
        for (VerifyInput.KernelEvent e : all) {
            if (e.namespaces().isEmpty()) {
                continue;
            }
            String first = e.namespaces().get(0);
            if (VerifyInput.KernelEvent.takesDown(e.action())) {
                down.add(first);
            } else if (VerifyInput.KernelEvent.bringsBack(e.action())) {
                down.remove(first);
            }
        }
        return down;
    }

    /**
     * The node to fail: the one asked for, else the last BGP node that originates blocks and reflects
     * nothing; never one the scenario's events already took down (its peers' hold timers would have
     * been running since then, and the measurement would start late). Null when there is none.
     */
    String failNode(NetworkConfig cfg, java.util.Set<String> down) {
        if (options.failNode() != null) {
            if (BgpReference.daemon(cfg, options.failNode()) == null) {
                throw new VerifyException(VerifyException.BAD_INPUT, "--fail-node " + Names.printable(options.failNode())
                        + " runs no BGP daemon here; choose one of " + cfg.bgp().stream().map(BgpDaemonConfig::namespace).toList());
            }
            if (down.contains(options.failNode())) {
                throw new VerifyException(VerifyException.BAD_INPUT, "--fail-node " + Names.printable(options.failNode())
                        + ": the scenario's own events already take it down before the measurement; choose one of "
                        + cfg.bgp().stream().map(BgpDaemonConfig::namespace).filter(n -> !down.contains(n)).toList());
            }
            return options.failNode();
        }
        String pick = null;
        for (BgpDaemonConfig d : cfg.bgp()) {
            NamespaceConfig ns = cfg.namespace(d.namespace());
            if (!down.contains(d.namespace()) && d.clusterId() == null && !d.originate().isEmpty() && ns != null
                    && "node".equals(ns.role())) {
                pick = d.namespace();
            }
        }
        if (pick == null) {
            for (BgpDaemonConfig d : cfg.bgp()) {
                if (!down.contains(d.namespace())) {
                    pick = d.namespace();
                }
            }
        }
        return pick;
    }

    /** The input with every BGP daemon's hold time (and keepalive, a third of it) replaced. */
    static VerifyInput withHold(VerifyInput in, int hold) {
        NetworkConfig c = in.network();
        List<BgpDaemonConfig> daemons = new ArrayList<>();
        for (BgpDaemonConfig d : c.bgp()) {
            daemons.add(new BgpDaemonConfig(d.namespace(), d.asn(), d.routerId(), d.clusterId(), d.neighbours(), d.originate(),
                    d.underlayDevice(), d.exportRules(), hold, Math.max(1, hold / 3), d.connectDelayNanos(),
                    d.connectRetryNanos(), d.listenPort()));
        }
        return new VerifyInput(in.scenario(), new NetworkConfig(c.namespaces(), c.segments(), daemons), in.traffic(),
                in.trace(), in.simOutcomes(), in.notCheckable(), in.simServedBy(), in.listeners(), in.simBgp(),
                in.eventsBefore(), in.dfSet());
    }

    /**
     * Drops frames an underlay NIC only saw because the switch flooded them (unicast to another MAC,
     * neither from nor to this NIC): the host discards them, so they are not a hop of the path. A
     * Linux bridge floods after a port goes down and its learned entries are flushed.
     */
    static Map<String, List<CapturedFrame>> notFlooded(NetworkConfig cfg, Map<String, List<CapturedFrame>> frames) {
        Map<String, List<CapturedFrame>> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, List<CapturedFrame>> e : frames.entrySet()) {
            String loc = e.getKey();
            int slash = loc.indexOf('/');
            NamespaceConfig ns = slash < 0 ? null : cfg.namespace(loc.substring(0, slash));
            InterfaceConfig nic = ns == null ? null : ns.iface(loc.substring(slash + 1));
            if (!(nic instanceof InterfaceConfig.Nic)) {
                out.put(loc, e.getValue());
                continue;
            }
            List<CapturedFrame> kept = new ArrayList<>();
            for (CapturedFrame f : e.getValue()) {
                io.podnet.sim.wire.EthernetHeader eth = f.packet() == null ? null
                        : f.packet().first(io.podnet.sim.wire.EthernetHeader.class);
                boolean foreign = eth != null && !eth.dst().isBroadcast() && !eth.dst().isMulticast()
                        && !eth.dst().equals(nic.mac()) && !eth.src().equals(nic.mac());
                if (!foreign) {
                    kept.add(f);
                }
            }
            out.put(loc, kept);
        }
        return out;
    }

    /**
     * HTTP answers are the simulator's bytes and do not name the server: the endpoint of each
     * attempt is the conntrack entry's reply source for the client's port (after DNAT), else the
     * address dialled.
     */
    static List<Attempt> httpServers(List<Attempt> attempts, List<Conntrack.Entry> ct, TrafficItem item) {
        List<Attempt> out = new ArrayList<>();
        for (Attempt a : attempts) {
            String server = a.server();
            if (server == null && ("delivered".equals(a.outcome()) || "truncated".equals(a.outcome()))) {
                server = item.dst().toString();
                for (Conntrack.Entry e : ct) {
                    if (e.protocol().equals("tcp") && e.origSport() == a.localPort() && e.origDport() == item.port()
                            && e.origDst().equals(item.dst().toString()) && e.replySrc() != null) {
                        server = e.replySrc();
                    }
                }
            }
            out.add(new Attempt(a.index(), a.outcome(), a.localPort(), server, a.ttl(), a.detail()));
        }
        return out;
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
