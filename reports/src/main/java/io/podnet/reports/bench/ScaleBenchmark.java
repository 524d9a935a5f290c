package io.podnet.reports.bench;

import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.netfilter.RulesetCache;
import io.podnet.sim.stack.NetworkBuilder;
import io.podnet.sim.stack.SimNetwork;
import io.podnet.sim.trace.Tracer;
import io.podnet.topology.render.ClusterRenderer;
import io.podnet.topology.render.RenderedCluster;
import io.podnet.topology.scale.ScaleCluster;
import io.podnet.topology.spec.ClusterSpec;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;

/**
 * Cluster render and build at scale, as {@code scripts/bench scale} measures it (the same
 * {@link ScaleCluster}): a Flannel VXLAN cluster of N nodes, 30 pods per node, {@code services}
 * Services of 3 endpoints (kube-proxy iptables mode), rendered by {@link ClusterRenderer} and
 * realised by the network builder with every node's netfilter. Pod namespaces are built lazily by
 * default, as {@code scripts/bench scale} builds them ({@link NetworkBuilder#lazy}: a pod is made
 * when traffic or a listing first needs it; none does here), or all at once. Heap is the used heap
 * after a full {@link System#gc()} minus the same before the render (what the rendered
 * configuration and the network hold). Times are wall-clock (garbage collection included), and also
 * the CPU time of the building thread (on a shared machine, the figure that does not grow with
 * other processes' load).
 */
public final class ScaleBenchmark {
    /** Seconds (wall and CPU) to render and to build; heap held after the build; namespaces built by it. */
    public record Result(int nodes, int pods, int services, int namespaces, int builtNamespaces, boolean lazyPods,
                         double renderSeconds, double buildSeconds, double renderCpuSeconds, double buildCpuSeconds,
                         long heapMiB) {
        public double totalSeconds() {
            return renderSeconds + buildSeconds;
        }

        /** CPU seconds of the building thread, render and build. */
        public double cpuSeconds() {
            return renderCpuSeconds + buildCpuSeconds;
        }
    }

    private ScaleBenchmark() {}

    /**
     * Renders and builds the cluster; {@code lazyPods} leaves the pods' namespaces to be built when
     * needed; {@code progress} (or null) hears the build's steps.
     */
    public static Result measure(int nodes, int podsPerNode, int services, boolean lazyPods,
                                 NetworkBuilder.Progress progress) {
        ClusterSpec spec = ScaleCluster.spec(ScaleCluster.Cni.FLANNEL_VXLAN, nodes, ScaleCluster.pods(nodes, podsPerNode),
                services);
        long heap0 = usedAfterGc();
        long c0 = Clock.cpuNanos();
        long t0 = System.nanoTime();
        RenderedCluster rc = ClusterRenderer.render(spec, 1);
        long t1 = System.nanoTime();
        long c1 = Clock.cpuNanos();
        Engine engine = new Engine();
        SeededRandoms randoms = new SeededRandoms(1);
        SimNetwork net = ScaleCluster.builder(rc, engine, new Tracer(engine), randoms, new RulesetCache())
                .lazy(nc -> lazyPods && ScaleCluster.isPod(nc))
                .progress(progress)
                .build();
        long t2 = System.nanoTime();
        long c2 = Clock.cpuNanos();
        long heap = usedAfterGc() - heap0;
        Result r = new Result(nodes, rc.cluster().pods().size(), rc.cluster().services().size(),
                rc.network().namespaces().size(), net.builtNamespaces(), lazyPods, (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                (c1 - c0) / 1e9, (c2 - c1) / 1e9, Math.max(0, heap) >> 20);
        Reference.reachabilityFence(rc);
        Reference.reachabilityFence(net);
        Reference.reachabilityFence(spec);
        return r;
    }

    private static long usedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
