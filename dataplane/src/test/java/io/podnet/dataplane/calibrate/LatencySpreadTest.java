package io.podnet.dataplane.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.dataplane.exec.CommandRunner;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.reference.PathWindows;
import io.podnet.scenarios.reference.ReferenceTopology;
import io.podnet.scenarios.run.RunResult;
import io.podnet.sim.cost.CostProfile;
import io.podnet.sim.cost.CostVariation;
import io.podnet.sim.cost.StepCost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The charge variation is fitted back from percentiles generated with a known CV (synthetic
 * "kernel" figures, as CostFitTest does for the costs), without a kernel.
 */
class LatencySpreadTest {
    @Test
    void recoversAKnownVariationFromPercentiles() throws Exception {
        ReferenceTopology t = new ReferenceTopology("flannel-host-gw", 0);
        CostProfile truth = CostProfile.defaults().withVariation(new CostVariation(CostVariation.Distribution.LOGNORMAL,
                0.6, StepCost.Source.PUBLISHED, ""));
        Path f = Files.createTempFile("spread-", ".yaml");
        List<Long> v = new ArrayList<>();
        try {
            Files.writeString(f, t.rrSamplesYaml(LatencySpread.SAMPLES), StandardCharsets.UTF_8);
            RunResult run = SimulatorBridge.run(Podnet.load(f), truth);
            String client = run.cluster().pod("default", "client").netns();
            for (PathWindows w : PathWindows.roundTrips(run.trace(), ReferenceTopology.RR_SAMPLES, client,
                    LatencySpread.SAMPLES)) {
                v.add(w.nanos());
            }
        } finally {
            Files.deleteIfExists(f);
        }
        assertEquals(LatencySpread.SAMPLES, v.size());
        v.sort(null);
        Calibration.Kernel k = new Calibration.Kernel();
        k.rr.add(new KernelBench.Rtt(LatencySpread.percentile(v, 50), LatencySpread.percentile(v, 90),
                LatencySpread.percentile(v, 99), v.size()));
        Calibration.Reference ref = new Calibration.Reference(t, k, new CostFit.Measurement("rr host-gw", "ns", k.rrP50(),
                null), null, null, List.of());
        Calibrator c = new Calibrator(new CommandRunner(), new Calibrator.Options(1, true, 2), Calibrator.podnet(), s -> { });
        LatencySpread s = c.fitSpread(CostProfile.defaults(), List.of(ref), "test");
        assertNotNull(s);
        assertEquals(0.6, s.variation().cv(), 0.1, s.text());
        LatencySpread.Row row = s.rows().get(0);
        assertTrue(row.simP90() > row.simP50() && row.detP99() == row.detP50(), s.text());
        System.out.print(s.text());
    }
}
