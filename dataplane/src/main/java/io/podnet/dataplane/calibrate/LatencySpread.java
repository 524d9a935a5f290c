package io.podnet.dataplane.calibrate;

import io.podnet.sim.cost.CostVariation;
import java.util.List;
import java.util.Locale;

/**
 * The variation of each CPU charge that {@code podnet calibrate} fits so that simulated round trips
 * spread as sockperf's do: a lognormal factor of mean 1 whose coefficient of variation minimises, over
 * the request/response topologies, {@code (ln(p90/p50)sim − ln(p90/p50)kernel)² + w99 × (the same for
 * p99)}, with the simulated percentiles taken from {@value #SAMPLES} round trips simulated under the
 * fitted profile. p99 weighs less ({@value #W99}): on a shared machine the kernel's tail is mostly the
 * scheduler's, which the model does not have.
 *
 * @param variation the fitted variation
 * @param rows      per topology: the kernel's and the simulated percentiles
 * @param objective the objective at the fitted CV
 */
public record LatencySpread(CostVariation variation, List<Row> rows, double objective) {
    /** Simulated round trips per topology and candidate CV. */
    public static final int SAMPLES = 200;
    /** Weight of the p99 term. */
    public static final double W99 = 0.25;
    /** The largest CV searched. */
    public static final double MAX_CV = 3;

    /**
     * One topology: the kernel's percentiles (median over the repeats of sockperf's) and the simulated
     * ones, under the fitted profile with the fitted variation and without any ({@code det*}).
     */
    public record Row(String label, double kernelP50, double kernelP90, double kernelP99, double simP50, double simP90,
                      double simP99, double detP50, double detP99) {
        /** This row's part of the objective. */
        double objective() {
            return term(simP90 / simP50, kernelP90 / kernelP50) + W99 * term(simP99 / simP50, kernelP99 / kernelP50);
        }

        private static double term(double sim, double kernel) {
            double d = Math.log(sim) - Math.log(kernel);
            return Double.isFinite(d) ? d * d : 1e6;
        }
    }

    static double objective(List<Row> rows) {
        return rows.stream().mapToDouble(Row::objective).sum();
    }

    /** Nearest-rank percentile of sorted values (NaN when empty). */
    static double percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** The section calibrate prints. */
    String text() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%nlatency spread: each CPU charge x a %s factor of"
                + " mean 1, cv %.3f (fitted to sockperf's p90/p50 and, weighted %.2f, p99/p50; %d simulated round trips"
                + " per topology; objective %.4f):%n", variation.distribution().key(), variation.cv(), W99, SAMPLES, objective));
        b.append(String.format(Locale.ROOT, "  %-10s %28s %28s %20s%n", "", "kernel p50 / p90 / p99",
                "simulated p50 / p90 / p99", "without variation"));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "  %-10s %28s %28s %20s%n", r.label(), us(r.kernelP50(), r.kernelP90(),
                    r.kernelP99()), us(r.simP50(), r.simP90(), r.simP99()), us(r.detP50(), r.detP99())));
        }
        return b.toString();
    }

    private static String us(double... ns) {
        StringBuilder b = new StringBuilder();
        for (double v : ns) {
            b.append(b.length() == 0 ? "" : " / ").append(Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v / 1000)
                    : "n/a");
        }
        return b.append("us").toString();
    }
}
