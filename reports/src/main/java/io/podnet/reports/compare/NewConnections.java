package io.podnet.reports.compare;

import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.reference.PathWindows;
import io.podnet.scenarios.reference.ReferenceTopology;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.sim.cost.CostProfile;
import io.podnet.sim.cost.CostStep;
import io.podnet.sim.cost.StepLedger;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.topology.model.ClusterPod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The new-connection curve: first-packet latency against the number of Services, per kube-proxy mode. */
final class NewConnections {
    private NewConnections() {}

    static Comparison.NewConnectionCurve curve(String design, List<Integer> counts, String mode, long seed,
                                               CostProfile profile, Consumer<String> progress) throws ScenarioException {
        List<Comparison.Point> points = new ArrayList<>();
        for (int n : counts) {
            ReferenceTopology t = new ReferenceTopology(design, n, mode);
            RunResult r = run(t, seed, profile);
            ClusterPod client = r.cluster().pod("default", "client");
            PathWindows w = client == null ? null : PathWindows.connect(r.trace(), ReferenceTopology.CONNECT, client.netns());
            List<TraceEvent> synEvents = new ArrayList<>();
            if (w != null) {
                for (TraceEvent e : r.trace()) {
                    if (ReferenceTopology.CONNECT.equals(e.flow()) && e.time() >= w.startNanos() && e.time() <= w.endNanos()) {
                        synEvents.add(e);
                    }
                }
            }
            long rules = StepLedger.ofFlow(synEvents, ReferenceTopology.CONNECT).count(CostStep.NETFILTER_RULE);
            points.add(new Comparison.Point(n, w == null ? -1 : w.nanos(), rules));
            progress.accept(n + " Services");
        }
        return new Comparison.NewConnectionCurve(mode, design, points);
    }

    private static RunResult run(ReferenceTopology t, long seed, CostProfile profile) throws ScenarioException {
        Path file = null;
        try {
            file = Files.createTempFile("podnet-compare-", ".yaml");
            Files.writeString(file, t.yaml(), StandardCharsets.UTF_8);
            return Podnet.run(Podnet.load(file), seed, null, profile);
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
}
