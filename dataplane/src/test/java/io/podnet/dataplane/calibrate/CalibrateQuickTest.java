package io.podnet.dataplane.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.dataplane.Root;
import io.podnet.dataplane.exec.CommandRunner;
import io.podnet.dataplane.realise.Cleanup;
import io.podnet.dataplane.exec.Environment;
import io.podnet.sim.cost.CostProfile;
import io.podnet.sim.cost.CostProfiles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code calibrate --quick} on this kernel (root, sockperf, iperf3): no timing assertions, only well-formedness. */
class CalibrateQuickTest {
    @Test
    void quickCalibrationWritesAParsableProfile() throws Exception {
        Root.assumeRootAndTools();
        Environment env = Environment.probe();
        Assumptions.assumeTrue(env.has("sockperf") && env.has("iperf3"), "sockperf and iperf3 are needed");
        List<String> prefixes = new ArrayList<>();
        Calibration c = new Calibrator(new CommandRunner(), new Calibrator.Options(1, true, 2), Calibrator.podnet(), s -> {
            System.out.println(s);
            int at = s.indexOf("(pn");
            if (at >= 0) {
                prefixes.add(s.substring(at + 1, at + 9));
            }
        }).calibrate(CostProfile.defaults());
        System.out.print(c.text());
        CostProfile back = CostProfiles.parse(c.profile().toYaml(), "calibrated.yaml");
        assertEquals(c.profile().costs(), back.costs());
        assertEquals(c.profile().variation(), back.variation());
        assertFalse(back.cpu().isBlank());
        assertEquals(3, prefixes.size());
        for (CostFit.Row row : c.fit().rows()) {
            assertTrue(Double.isFinite(row.m().measured()), row.m().name() + " measured");
            if (row.m().name().contains(" - ")) {
                // a rise over the first topology's connect (e.g. +100 Services): with one quick repeat on
                // a shared machine the kernel's noise can make it zero or negative, a figure to report
                continue;
            }
            assertTrue(row.m().measured() > 0, row.m().name() + " measured");
            if (row.m().path() != null) {
                assertTrue(Double.isFinite(row.residual()), row.m().name() + " residual");
            }
        }
        c.fit().residual().values().forEach(r -> assertTrue(Double.isFinite(r)));
        for (String left : new Cleanup(new CommandRunner()).leftovers()) {
            assertFalse(prefixes.stream().anyMatch(left::startsWith), "left behind: " + left);
        }
    }
}
