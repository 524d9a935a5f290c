package io.podnet.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

/**
 * Checks a sweep's expectations over its cells. A bound holds in a group when at least
 * {@code inAtLeast} of the group's cells meet it (a cell without the metric, a failed one, does not).
 * A comparison holds when the medians of the two groups differ by at most {@code within} of the
 * second's; the Mann-Whitney U test (two-sided, commons-math3) says whether the two groups' values
 * differ at all, and its p-value is reported with the verdict.
 */
public final class SweepChecks {
    /** One expectation's verdict, with what the report shows. */
    public record Verdict(SweepExpectation expectation, boolean holds, String detail) {
        public String render() {
            return (holds ? "ok    " : "FAILED ") + expectation.text() + ": " + detail
                    + (holds ? "" : " (" + expectation.location() + ")");
        }
    }

    private SweepChecks() {}

    public static List<Verdict> check(List<SweepExpectation> expects, List<CellResult> cells) {
        List<Verdict> out = new ArrayList<>();
        for (SweepExpectation e : expects) {
            out.add(e.isComparison() ? compare(e, cells) : bound(e, cells));
        }
        return out;
    }

    private static Verdict bound(SweepExpectation e, List<CellResult> cells) {
        Map<String, int[]> groups = new LinkedHashMap<>();
        for (CellResult c : cells) {
            String g = e.by() == null ? "all" : String.valueOf(c.columns().get(e.by()));
            int[] n = groups.computeIfAbsent(g, k -> new int[2]);
            n[1]++;
            Object v = c.columns().get(e.metric());
            if (v instanceof Number num) {
                double d = num.doubleValue();
                if ((e.atMost() == null || d <= e.atMost()) && (e.atLeast() == null || d >= e.atLeast())) {
                    n[0]++;
                }
            }
        }
        boolean holds = !groups.isEmpty();
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, int[]> g : groups.entrySet()) {
            int[] n = g.getValue();
            double frac = n[1] == 0 ? 0 : (double) n[0] / n[1];
            boolean ok = frac + 1e-12 >= e.inAtLeast();
            holds &= ok;
            parts.add((e.by() == null ? "" : e.by() + "=" + g.getKey() + ": ") + n[0] + "/" + n[1] + " cells ("
                    + String.format(java.util.Locale.ROOT, "%.1f%%", frac * 100) + ")" + (ok ? "" : " < " + SweepLoader.pct(e.inAtLeast())));
        }
        if (groups.isEmpty()) {
            parts.add("no cells");
        }
        return new Verdict(e, holds, String.join("; ", parts));
    }

    private static Verdict compare(SweepExpectation e, List<CellResult> cells) {
        double[] a = values(cells, e.compareKey(), e.compareA(), e.metric());
        double[] b = values(cells, e.compareKey(), e.compareB(), e.metric());
        if (a.length == 0 || b.length == 0) {
            return new Verdict(e, false, "no values of " + e.metric() + " for " + (a.length == 0 ? e.compareA() : e.compareB()));
        }
        double ma = new Median().evaluate(a);
        double mb = new Median().evaluate(b);
        double rel = mb == 0 ? (ma == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.abs(ma - mb) / Math.abs(mb);
        boolean holds = rel <= e.within() + 1e-12;
        double p = new MannWhitneyUTest().mannWhitneyUTest(a, b);
        String pv = Double.isNaN(p) ? "n/a (every value tied)" : String.format(java.util.Locale.ROOT, "%.4g", p);
        String detail = String.format(java.util.Locale.ROOT,
                "median %s=%s %.6g (n=%d), %s=%s %.6g (n=%d), difference %.2f%% (limit %s); Mann-Whitney U two-sided p=%s",
                e.compareKey(), e.compareA(), ma, a.length, e.compareKey(), e.compareB(), mb, b.length, rel * 100,
                SweepLoader.pct(e.within()), pv);
        return new Verdict(e, holds, detail);
    }

    private static double[] values(List<CellResult> cells, String key, String value, String metric) {
        return cells.stream().filter(c -> value.equals(String.valueOf(c.columns().get(key))))
                .map(c -> c.columns().get(metric)).filter(v -> v instanceof Number)
                .mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }
}
