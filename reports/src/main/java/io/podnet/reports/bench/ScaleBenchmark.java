package io.podnet.reports.bench;

import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.stack.SimNetwork;
import io.podnet.sim.trace.Tracer;
import io.podnet.topology.render.ClusterRenderer;
import io.podnet.topology.render.RenderedCluster;
import io.podnet.topology.spec.ClusterSpec;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;

/**
 * Cluster render and build at scale, as {@code scripts/bench scale} measures it: a Flannel VXLAN
 * cluster of N nodes, 30 pods per node, {@code services} Services of 3 endpoints (kube-proxy
 * iptables mode), rendered by {@link ClusterRenderer} and realised by the network builder with
 * every node's netfilter. Heap is the used heap after a full {@link System#gc()} minus the same
 * before the render (what the rendered configuration and the network hold). Times are wall-clock
 * (garbage collection included), and also the CPU time of the building thread (on a shared machine,
 * the figure that does not grow with other processes' load).
 */
public final class ScaleBenchmark {
    /** Seconds to render, to build, and their sum; heap held after the build. */
    public record Result(int nodes, int pods, int services, int namespaces, double renderSeconds,
                         double buildSeconds, double cpuSeconds, long heapMiB) {
        public double totalSeconds() {
            return renderSeconds + buildSeconds;
        }
    }

    private ScaleBenchmark() {}

    public static Result measure(int nodes, int podsPerNode, int services) {
        int pods = podsPerNode * nodes / BenchCluster.REPLICAS * BenchCluster.REPLICAS;
        ClusterSpec spec = BenchCluster.flannelVxlan(nodes, pods, services);
        long heap0 = usedAfterGc();
        long c0 = Clock.cpuNanos();
        long t0 = System.nanoTime();
        RenderedCluster rc = ClusterRenderer.render(spec, 1);
        long t1 = System.nanoTime();
        Engine engine = new Engine();
        SimNetwork net = BenchCluster.build(rc, engine, new Tracer(engine), new SeededRandoms(1));
        long t2 = System.nanoTime();
        long c2 = Clock.cpuNanos();
        long heap = usedAfterGc() - heap0;
        Result r = new Result(nodes, rc.cluster().pods().size(), rc.cluster().services().size(),
                net.namespaces().size(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, (c2 - c0) / 1e9, Math.max(0, heap) >> 20);
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
