package io.podnet.topology.bench;

import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.Durations;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.netfilter.RulesetCache;
import io.podnet.sim.socket.Endpoint;
import io.podnet.sim.socket.SocketLayer;
import io.podnet.sim.socket.app.HttpServerApp;
import io.podnet.sim.socket.app.TcpClientApp;
import io.podnet.sim.socket.app.TrafficResult;
import io.podnet.sim.socket.app.TrafficSpec;
import io.podnet.sim.stack.NetworkBuilder;
import io.podnet.sim.stack.SimNetwork;
import io.podnet.sim.stack.bgp.BgpRuntime;
import io.podnet.sim.trace.Tracer;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.model.ClusterService;
import io.podnet.topology.model.ServiceEndpoint;
import io.podnet.topology.render.ClusterRenderer;
import io.podnet.topology.render.RenderedCluster;
import io.podnet.topology.scale.ScaleCluster;
import io.podnet.topology.spec.ClusterSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scale measurement ({@code scripts/bench scale [NODES...]}): renders the {@link ScaleCluster}
 * of NODES nodes, 30 pods per node and 10,000 Services (3 endpoints each, kube-proxy iptables
 * mode), realises it with {@link NetworkBuilder} (every node namespace gets its netfilter; identical
 * rule texts share one parsed ruleset), with Calico runs BGP until the routes settle, then runs a
 * few HTTP requests from a pod on the first node to Services spread over the cluster. Prints
 * wall-clock and CPU times, heap used after a full GC, and engine events per second. Options
 * (system properties): {@code bench.cni} ({@code flannel-vxlan}, {@code flannel-host-gw} or
 * {@code calico-bgp}: a full mesh of BIRD speakers over the direct transport, whose routes are
 * installed at run time; default {@code flannel-vxlan}), {@code bench.podsPerNode} (30),
 * {@code bench.services} (10000), {@code bench.flows} (8), {@code bench.lazyPods} (true: pod
 * namespaces are built when traffic or the measurement first needs them, {@link NetworkBuilder#lazy};
 * false: all at once), {@code bench.histo} (print the top N classes of a live-heap histogram after
 * the build, and with Calico after BGP too, via {@code jcmd}), {@code bench.progress} (true: a
 * progress bar with a rate on standard error while rendering and building, when standard error is a
 * terminal; see {@link ScaleProgress}).
 */
public final class ScaleMain {
    private ScaleMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ScaleMain NODES");
            System.exit(2);
        }
        int nodes = Integer.parseInt(args[0]);
        int podsPerNode = Integer.getInteger("bench.podsPerNode", 30);
        int services = Integer.getInteger("bench.services", 10_000);
        int flowCount = Integer.getInteger("bench.flows", 8);
        boolean lazyPods = Boolean.parseBoolean(System.getProperty("bench.lazyPods", "true"));
        ScaleCluster.Cni cni;
        try {
            cni = ScaleCluster.Cni.parse(System.getProperty("bench.cni", ScaleCluster.Cni.FLANNEL_VXLAN.text()));
        } catch (IllegalArgumentException e) {
            System.err.println("ScaleMain: -Dbench.cni: " + e.getMessage());
            System.exit(2);
            return;
        }
        int pods = ScaleCluster.pods(nodes, podsPerNode);

        long heap0 = usedAfterGc();
        long ts = System.nanoTime();
        ClusterSpec spec = ScaleCluster.spec(cni, nodes, pods, services);
        long specNs = System.nanoTime() - ts;
        long c0 = cpuNanos();
        long gc0 = gcMillis();
        long t0 = System.nanoTime();
        RenderedCluster rc;
        try (ScaleProgress bar = ScaleProgress.open("render " + nodes + " nodes", -1, "")) {
            rc = ClusterRenderer.render(spec, 1);
        }
        long renderNs = System.nanoTime() - t0;
        long renderCpuNs = cpuNanos() - c0;
        long renderGcMs = gcMillis() - gc0;
        long heapRendered = usedAfterGc();
        String iptables = rc.network().namespace("node1").iptables();

        Engine engine = new Engine();
        Tracer tracer = new Tracer(engine);
        long[] traceEvents = {0};
        tracer.addListener(e -> traceEvents[0]++);
        SeededRandoms randoms = new SeededRandoms(1);
        RulesetCache rulesets = new RulesetCache();
        long c1 = cpuNanos();
        long gc1 = gcMillis();
        long t1 = System.nanoTime();
        SimNetwork net;
        try (ScaleProgress bar = ScaleProgress.open("build", 3L * rc.network().namespaces().size(), "steps")) {
            net = ScaleCluster.builder(rc, engine, tracer, randoms, rulesets)
                    .progress(bar::at)
                    .lazy(nc -> lazyPods && ScaleCluster.isPod(nc))
                    .build();
        }
        long buildNs = System.nanoTime() - t1;
        long buildCpuNs = cpuNanos() - c1;
        long buildGcMs = gcMillis() - gc1;
        long heapBuilt = usedAfterGc();
        int builtAtFirst = net.builtNamespaces();
        int histo = Integer.getInteger("bench.histo", 0);
        if (histo > 0) {
            histogram(histo);
        }
        Bgp bgp = rc.network().bgp().isEmpty() ? null : Bgp.run(net, engine, randoms, heap0);
        if (bgp != null && histo > 0) {
            System.out.println("  live heap after BGP:");
            histogram(histo);
        }

        // A few HTTP requests: client on node1, Services spread over the whole list. Two rounds: the
        // first warms the JIT up; the second is measured.
        ClusterPod client = rc.cluster().podsOn("node1").get(0);
        Map<String, SocketLayer> sockets = new LinkedHashMap<>();
        List<ClusterService> all = rc.cluster().services();
        List<TrafficResult> results = new ArrayList<>();
        long runNs = 0;
        long events = 0;
        long traced = 0;
        int clientCount = 0;
        for (int round = 0; round < 2; round++) {
            results.clear();
            List<TcpClientApp> clients = new ArrayList<>();
            for (int f = 0; f < flowCount; f++) {
                ClusterService svc = all.get((int) ((long) f * all.size() / flowCount + all.size() / (2L * flowCount)));
                for (ServiceEndpoint ep : svc.ports().get(0).endpoints()) {
                    ClusterPod p = rc.cluster().podByIp(ep.ip());
                    if (!sockets.containsKey(p.netns())) {
                        new HttpServerApp(layer(net, sockets, randoms, p.netns()), 8080, 4096).start();
                    }
                }
                clients.add(TcpClientApp.http(layer(net, sockets, randoms, client.netns()),
                        new TrafficSpec("flow" + f, new Endpoint(svc.clusterIp(), 80), 200, 4096, 1_000_000_000L),
                        svc.name(), results::add));
            }
            long t2 = System.nanoTime();
            long events0 = engine.executedEvents();
            long traced0 = traceEvents[0];
            for (int f = 0; f < clients.size(); f++) {
                TcpClientApp c = clients.get(f);
                engine.at(engine.now() + f * 10_000L, c::start);
            }
            if (bgp == null) {
                engine.runUntilIdle();
            } else {
                engine.runUntil(engine.now() + 2 * Durations.S); // BGP keepalives never let the engine idle
            }
            runNs = System.nanoTime() - t2;
            events = engine.executedEvents() - events0;
            traced = traceEvents[0] - traced0;
            clientCount = clients.size();
        }
        long delivered = results.stream().filter(r -> r.outcome().name().equals("DELIVERED")).count();

        System.out.printf(Locale.ROOT, "nodes=%d pods=%d services=%d namespaces=%d (built: %d by the build, %d after the"
                        + " flows%s) iptables-rules-bytes=%d%n", nodes, rc.cluster().pods().size(),
                rc.cluster().services().size(), rc.network().namespaces().size(), builtAtFirst, net.builtNamespaces(),
                lazyPods ? "; pods lazily" : "", iptables.length());
        System.out.printf(Locale.ROOT, "  spec %.1f s (fabric8 objects); render %.1f s, heap after GC %s (spec + rendered cluster; JVM"
                + " baseline %s)%n", specNs / 1e9, renderNs / 1e9,
                mib(heapRendered - heap0), mib(heap0));
        System.out.printf(Locale.ROOT, "  build  %.1f s, heap after GC %s (rendered config + network), %d ruleset(s)%n",
                buildNs / 1e9, mib(heapBuilt - heap0), rulesets.size());
        if (bgp != null) {
            System.out.printf(Locale.ROOT, "  bgp    %d speakers, %d/%d sessions established, %d route changes (node1"
                            + " holds %d routes), settled at %.4f s simulated; %.1f s wall, %.1f s CPU, collections %.1f s,"
                            + " heap after GC %s (rendered config + network + BGP)%n", bgp.speakers, bgp.established,
                    bgp.sessions, bgp.installed, bgp.node1Routes, bgp.settledAt / 1e9, bgp.wallNs / 1e9, bgp.cpuNs / 1e9,
                    bgp.gcMs / 1e3, mib(bgp.heap - heap0));
        }
        System.out.printf(Locale.ROOT, "  cpu    render %.1f s + build %.1f s on the measuring thread; garbage collection"
                + " %.1f s + %.1f s (wall, in the render and build times above)%n", renderCpuNs / 1e9, buildCpuNs / 1e9,
                renderGcMs / 1e3, buildGcMs / 1e3);
        System.out.printf(Locale.ROOT, "  flows  %d/%d delivered, %d engine events, %d trace events in %.3f s: %.0f"
                        + " events/s%n", delivered, clientCount, events, traced, runNs / 1e9,
                events / (runNs / 1e9));
        for (TrafficResult r : results) {
            System.out.println("    " + r.summary());
        }
        System.out.printf(Locale.ROOT, "SCALE\t%s\t", cni.text());
        System.out.printf(Locale.ROOT, "%d\t%d\t%d\t%.1f\t%.1f\t%d\t%d\t%d/%d\t%.0f\t%.1f\t%.1f\t%.1f%n", nodes,
                rc.cluster().pods().size(), services, renderNs / 1e9, buildNs / 1e9, (heapRendered - heap0) >> 20,
                (heapBuilt - heap0) >> 20, delivered, clientCount, events / (runNs / 1e9), renderCpuNs / 1e9,
                buildCpuNs / 1e9, (renderGcMs + buildGcMs) / 1e3);
        Reference.reachabilityFence(rc);
        Reference.reachabilityFence(net);
    }

    private static SocketLayer layer(SimNetwork net, Map<String, SocketLayer> sockets, SeededRandoms randoms,
                                     String netns) {
        return sockets.computeIfAbsent(netns, n -> ScaleCluster.sockets(net, randoms, n));
    }

    /**
     * Calico's BGP phase: every node's BIRD (a full mesh: N(N−1)/2 sessions) over the direct
     * transport (bytes after 100 µs, no packets: the TCP of 500,000 sessions would measure TCP),
     * run for 10 s of simulated time (Calico's 2 s connect delay, then the UPDATEs), whose best
     * routes are installed in each node's table ({@code proto bird}).
     */
    private record Bgp(int speakers, long sessions, long established, int installed, int node1Routes, long settledAt,
                       long wallNs, long cpuNs, long gcMs, long heap) {
        static Bgp run(SimNetwork net, Engine engine, SeededRandoms randoms, long heap0) {
            long c = cpuNanos();
            long gc = gcMillis();
            long t = System.nanoTime();
            BgpRuntime rt;
            try (ScaleProgress bar = ScaleProgress.open("bgp", -1, "")) {
                rt = BgpRuntime.start(net, null, randoms,
                        BgpRuntime.Options.DEFAULT.withTransport(BgpRuntime.Transport.DIRECT));
                engine.runUntil(engine.now() + 10 * Durations.S);
            }
            long wall = System.nanoTime() - t;
            long cpu = cpuNanos() - c;
            long gcMs = gcMillis() - gc;
            long heap = usedAfterGc();
            Reference.reachabilityFence(rt);
            return new Bgp(rt.speakers().size(), rt.sessionCount(), rt.establishedSessions(), rt.routeChanges().size(),
                    net.namespace("node1").routes().size(), rt.initialConvergenceAt(), wall, cpu, gcMs, heap);
        }
    }

    /** CPU time of this thread (the render and the build run on it; collections run on others). */
    private static long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** Accumulated collection time of every collector, milliseconds (pauses: the parallel collector stops the world). */
    private static long gcMillis() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    private static long usedAfterGc() {
        System.gc(); // a full, compacting collection with the parallel collector scripts/bench uses
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
    }

    private static void histogram(int top) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null && n++ < top + 3) {
                System.out.println("  | " + line);
            }
        }
        p.destroy();
        p.waitFor();
    }
}
