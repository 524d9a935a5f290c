package io.podnet.scenarios.expect;

import io.podnet.scenarios.model.Expectation;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.sim.engine.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.stat.inference.ChiSquareTest;

/**
 * The statistical expectations over all attempts of a traffic item. {@code endpointSpread: uniform}:
 * kube-proxy picks each new connection's endpoint with equal probability 1/n among the ready endpoints
 * (iptables mode's statistic-random rules, nftables' numgen random, IPVS rr), so the counts per
 * endpoint are tested against n equal expected counts with Pearson's χ² goodness of fit
 * (commons-math3 {@link ChiSquareTest}, n - 1 degrees of freedom); the spread fails when the p-value is
 * below 1 - confidence. Attempts that no pod served count against no endpoint and are reported.
 */
final class Spreads {
    private Spreads() {}

    static ExpectationFailure check(Expectation x, List<FlowResult> flows) {
        Expectation.Spread sp = x.endpointSpread();
        Map<String, Long> counts = new TreeMap<>();
        long unserved = 0;
        for (FlowResult f : flows) {
            if (f.servedBy() == null) {
                unserved++;
            } else {
                counts.merge("pod/" + f.servedBy(), 1L, Long::sum);
            }
        }
        int n = sp.endpoints() > 0 ? sp.endpoints() : counts.size();
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        String want = "uniform over " + n + " endpoints (" + fmt(total / (double) Math.max(1, n)) + " each of " + total
                + " served attempts; χ² goodness of fit, confidence " + pct(sp.confidence()) + ")";
        if (counts.size() > n) {
            return new ExpectationFailure(x, "endpointSpread", x.traffic(), want,
                    counts.size() + " endpoints served: " + observed(counts, unserved), "");
        }
        if (n < 2 || total == 0) {
            return new ExpectationFailure(x, "endpointSpread", x.traffic(), want,
                    "too few endpoints or served attempts for a test: " + observed(counts, unserved), "");
        }
        long[] obs = new long[n];
        double[] exp = new double[n];
        int i = 0;
        for (long c : counts.values()) {
            obs[i++] = c;
        }
        for (int k = 0; k < n; k++) {
            exp[k] = total / (double) n;
        }
        ChiSquareTest t = new ChiSquareTest();
        double stat = t.chiSquare(exp, obs);
        double p = t.chiSquareTest(exp, obs);
        if (p >= 1 - sp.confidence()) {
            return null;
        }
        List<String> zeros = new ArrayList<>();
        for (int k = counts.size(); k < n; k++) {
            zeros.add("0");
        }
        return new ExpectationFailure(x, "endpointSpread", x.traffic(), want,
                String.format(Locale.ROOT, "χ²=%.2f (df %d), p=%s < %.3g; observed ", stat, n - 1,
                        p == 0 ? "0 (below double precision)" : String.format(Locale.ROOT, "%.3g", p), 1 - sp.confidence())
                        + observed(counts, unserved) + (zeros.isEmpty() ? "" : ", " + zeros.size()
                        + " endpoint(s) never served") + "; expected " + fmt(total / (double) n) + " each",
                "");
    }

    static ExpectationFailure checkP99(Expectation x, List<FlowResult> flows) {
        List<Long> lat = new ArrayList<>();
        for (FlowResult f : flows) {
            if (f.latencyNanos() >= 0) {
                lat.add(f.latencyNanos());
            }
        }
        String want = "p99 latency at most " + Durations.format(x.p99LatencyNanos());
        if (lat.size() < flows.size()) {
            return new ExpectationFailure(x, "latency", x.traffic(), want,
                    (flows.size() - lat.size()) + " of " + flows.size() + " attempts had no response", "");
        }
        lat.sort(null);
        long p99 = lat.get(Math.max(0, (int) Math.ceil(0.99 * lat.size()) - 1));
        return p99 <= x.p99LatencyNanos() ? null
                : new ExpectationFailure(x, "latency", x.traffic(), want, "p99 " + Durations.format(p99)
                        + " over " + lat.size() + " attempts", "");
    }

    private static String observed(Map<String, Long> counts, long unserved) {
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add(k + " " + v));
        if (unserved > 0) {
            parts.add("not served " + unserved);
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }

    private static String pct(double f) {
        return fmt(f * 100) + "%";
    }
}
