package io.podnet.dataplane.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The robust figures of paired (back-to-back) kernel runs. */
class CalibrationTest {
    private static Calibration.Kernel kernel(double[] rrP50, double[] bps) {
        Calibration.Kernel k = new Calibration.Kernel();
        for (double v : rrP50) {
            k.rr.add(Double.isNaN(v) ? null : new KernelBench.Rtt(v, v * 1.2, v * 2, 1000));
        }
        for (double v : bps) {
            k.stream.add(Double.isNaN(v) ? null : new KernelBench.Stream(v, 50, 50));
        }
        return k;
    }

    /**
     * The machine slows down between repeats (each pair's two runs share the load): the ratio of the
     * medians pairs a fast host-gw run with a slow VXLAN one, the median of the back-to-back ratios
     * does not; a failed run drops only its own pair.
     */
    @Test
    void pairedRatiosFollowTheLoadTheRunsShared() {
        Calibration.Kernel hg = kernel(new double[] {20_000, 40_000, 30_000, 60_000, 25_000},
                new double[] {10e9, 5e9, 8e9, 3e9, 9e9});
        Calibration.Kernel vx = kernel(new double[] {26_000, 52_000, 39_000, Double.NaN, 32_500},
                new double[] {8e9, 4e9, 6.4e9, 2.4e9, 7.2e9});
        assertEquals(List.of(1.3, 1.3, 1.3, Double.NaN, 1.3), Calibration.pairedRatios(vx.rrP50s(), hg.rrP50s()));
        assertEquals(1.3 * hg.rrP50(), vx.pairedRr(hg), 1e-6);
        assertEquals(0.8 * hg.streamBps(), vx.pairedStreamBps(hg), 1e-3);
        assertTrue(Math.abs(vx.rrP50() / hg.rrP50() - 1.3) > 0.01, "the ratio of medians is off: " + vx.rrP50() / hg.rrP50());
        assertEquals("[20.0us–60.0us]", Calibration.spread(hg.rrP50s(), v -> String.format(java.util.Locale.ROOT, "%.1fus", v / 1000)));
    }
}
