package io.podnet.reports.bench;

import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.netfilter.RulesetCache;
import io.podnet.sim.socket.Endpoint;
import io.podnet.sim.socket.app.HttpServerApp;
import io.podnet.sim.socket.app.TcpClientApp;
import io.podnet.sim.socket.app.TrafficResult;
import io.podnet.sim.socket.app.TrafficSpec;
import io.podnet.sim.stack.SimNetwork;
import io.podnet.sim.trace.Tracer;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.render.ClusterRenderer;
import io.podnet.topology.render.RenderedCluster;
import io.podnet.topology.scale.ScaleCluster;
import java.util.ArrayList;
import java.util.List;

/**
 * Packet replay that saturates the path: on a 2-node Flannel VXLAN cluster (kube-proxy rules in
 * both nodes' netfilter), a pod on node1 fetches one large HTTP response from a pod on node2 over
 * TCP. Every trace event goes to a listener that only counts it. The figure is trace events per
 * second of the simulating thread's CPU time ({@link Clock}) while the engine runs (the cluster build
 * excluded); the simulation runs on that one thread. A first, shorter transfer warms the JIT up.
 */
public final class ReplayBenchmark {
    /** What one measured transfer did. */
    public record Result(long responseBytes, long traceEvents, long engineEvents, double seconds, String outcome) {
        public double traceEventsPerSec() {
            return traceEvents / seconds;
        }
    }

    private ReplayBenchmark() {}

    /** Warms up with a transfer of {@code warmupBytes}, then measures one of {@code responseBytes}. */
    public static Result measure(int warmupBytes, int responseBytes) {
        transfer(warmupBytes);
        return transfer(responseBytes);
    }

    /** One transfer on a freshly built cluster. */
    static Result transfer(int responseBytes) {
        RenderedCluster rc = ClusterRenderer.render(ScaleCluster.spec(ScaleCluster.Cni.FLANNEL_VXLAN, 2, 6, 1), 1);
        Engine engine = new Engine();
        Tracer tracer = new Tracer(engine);
        long[] traced = {0};
        tracer.addListener(e -> traced[0]++);
        SeededRandoms randoms = new SeededRandoms(1);
        SimNetwork net = ScaleCluster.builder(rc, engine, tracer, randoms, new RulesetCache()).build();
        ClusterPod client = rc.cluster().podsOn("node1").get(0);
        ClusterPod server = rc.cluster().podsOn("node2").get(0);
        new HttpServerApp(ScaleCluster.sockets(net, randoms, server.netns()), 8080, flow -> responseBytes).start();
        List<TrafficResult> results = new ArrayList<>();
        TcpClientApp app = TcpClientApp.http(ScaleCluster.sockets(net, randoms, client.netns()),
                new TrafficSpec("bulk", new Endpoint(server.ip(), 8080), 200, responseBytes, 600_000_000_000L),
                server.ip().toString(), results::add);
        engine.scheduleNow(app::start);
        long t0 = Clock.cpuNanos();
        engine.runUntilIdle();
        double seconds = (Clock.cpuNanos() - t0) / 1e9;
        String outcome = results.isEmpty() ? "no result" : results.get(0).outcome().name();
        return new Result(responseBytes, traced[0], engine.executedEvents(), seconds, outcome);
    }
}
