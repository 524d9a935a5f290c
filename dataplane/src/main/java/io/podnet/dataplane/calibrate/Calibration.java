package io.podnet.dataplane.calibrate;

import io.podnet.scenarios.reference.ReferenceTopology;

import io.podnet.sim.cost.CostProfile;
import io.podnet.sim.cost.CostStep;
import io.podnet.sim.cost.StepCost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code podnet calibrate} measured and fitted: the kernel's figures per reference topology
 * (medians over the repeats), the fit, and the resulting profile with this machine's CPU model and
 * kernel release in its metadata.
 */
public record Calibration(CostProfile base, CostFit.Result fit, List<Reference> references, List<String> notes,
                          Calibrator.Options options, List<CostFit.Measurement> kernel, Map<String, Double> simulatedFirstFit,
                          Map<String, Double> simulatedFinal, LatencySpread spread) {

    /** The kernel's raw figures of one topology, one entry per repeat (null: that run failed). */
    public static final class Kernel {
        final List<KernelBench.Rtt> rr = new ArrayList<>();
        final List<KernelBench.Stream> stream = new ArrayList<>();
        final List<KernelBench.Stream> streams = new ArrayList<>();
        final List<Long> connects = new ArrayList<>();

        /** Median over the repeats of sockperf's median round trip, ns (NaN when none ran). */
        public double rrP50() {
            return median(rr.stream().filter(Objects::nonNull).map(KernelBench.Rtt::p50).toList());
        }

        public double rrP90() {
            return median(rr.stream().filter(Objects::nonNull).map(KernelBench.Rtt::p90).toList());
        }

        public double rrP99() {
            return median(rr.stream().filter(Objects::nonNull).map(KernelBench.Rtt::p99).toList());
        }

        /** Median single-stream goodput, bit/s. */
        public double streamBps() {
            return median(stream.stream().filter(Objects::nonNull).map(KernelBench.Stream::bitsPerSecond).toList());
        }

        /** Median N-stream goodput, bit/s. */
        public double streamsBps() {
            return median(streams.stream().filter(Objects::nonNull).map(KernelBench.Stream::bitsPerSecond).toList());
        }

        /** Median connect() time over every connection of every repeat, ns. */
        public double connectMedian() {
            return median(connects.stream().map(Long::doubleValue).toList());
        }

        public int connections() {
            return connects.size();
        }

        /** sockperf's median round trip of each repeat, ns (NaN where that run failed). */
        public List<Double> rrP50s() {
            return rr.stream().map(r -> r == null ? Double.NaN : r.p50()).toList();
        }

        /**
         * This topology's figure as {@code reference}'s median times the median of the run-by-run
         * ratios (each taken back to back), or NaN when no pair of runs succeeded.
         */
        double pairedRr(Kernel reference) {
            return reference.rrP50() * median(pairedRatios(rrP50s(), reference.rrP50s()));
        }

        /** As {@link #pairedRr}, for single-stream goodput (bit/s). */
        double pairedStreamBps(Kernel reference) {
            return reference.streamBps() * median(pairedRatios(streamBpsEach(), reference.streamBpsEach()));
        }

        /** Single-stream goodput of each repeat, bit/s (NaN where that run failed). */
        public List<Double> streamBpsEach() {
            return stream.stream().map(r -> r == null ? Double.NaN : r.bitsPerSecond()).toList();
        }
    }

    /** "[min–max]" of the finite values, in the unit {@code f} formats. */
    static String spread(List<Double> values, java.util.function.DoubleFunction<String> f) {
        List<Double> v = values.stream().filter(d -> d != null && Double.isFinite(d)).sorted().toList();
        return v.isEmpty() ? "[n/a]" : "[" + f.apply(v.get(0)) + "–" + f.apply(v.get(v.size() - 1)) + "]";
    }

    /** Per repeat, {@code a[i] / b[i]} (NaN where either failed): the ratio of two runs taken back to back. */
    static List<Double> pairedRatios(List<Double> a, List<Double> b) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            out.add(a.get(i) / b.get(i));
        }
        return out;
    }

    /** One reference topology's measurements (null where the topology does not measure that path). */
    public record Reference(ReferenceTopology topology, Kernel kernel, CostFit.Measurement rr, CostFit.Measurement stream,
                            CostFit.Measurement connect, List<String> warnings) {
        List<CostFit.Measurement> measurements() {
            List<CostFit.Measurement> out = new ArrayList<>();
            for (CostFit.Measurement m : new CostFit.Measurement[] {rr, stream, connect}) {
                if (m != null) {
                    out.add(m);
                }
            }
            return out;
        }
    }

    static double median(List<Double> values) {
        List<Double> v = values.stream().filter(d -> d != null && Double.isFinite(d)).sorted().toList();
        if (v.isEmpty()) {
            return Double.NaN;
        }
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }

    /** The fitted profile with this machine's metadata. */
    public CostProfile profile() {
        String cpu = cpuModel();
        String kernel = kernelRelease();
        String desc = "fitted by podnet calibrate on " + today() + " (" + options.repeat() + " repeat(s)"
                + (options.quick() ? ", --quick" : "") + ") from " + fit.rows().size() + " kernel measurements; base: "
                + base.name() + "; costs marked fitted were fitted, the others are the base profile's";
        CostProfile p = fit.profile().withMetadata("calibrated", cpu, kernel, desc);
        return spread == null ? p : p.withVariation(spread.variation());
    }

    /** The report calibrate prints. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("podnet calibrate: ").append(cpuModel()).append(", Linux ").append(kernelRelease()).append(", ")
                .append(options.repeat()).append(" repeat(s)").append(options.quick() ? " (--quick)" : "").append('\n');
        b.append("\nkernel measurements (medians over the repeats):\n");
        for (Reference r : references) {
            Kernel k = r.kernel();
            b.append("  ").append(pad(r.topology().label(), 22));
            if (r.rr() != null) {
                b.append(String.format(Locale.ROOT, "RR p50 %s %s p90 %s p99 %s  stream %s %s  %d streams %s",
                        us(k.rrP50()), spread(k.rrP50s(), Calibration::us), us(k.rrP90()), us(k.rrP99()),
                        gbit(k.streamBps()), spread(k.streamBpsEach(), v -> String.format(Locale.ROOT, "%.2f", v / 1e9)),
                        options.streams(), gbit(k.streamsBps())));
            }
            if (r.connect() != null) {
                b.append(String.format(Locale.ROOT, "%snew connection to the last of %d Services: median %s over %d",
                        r.rr() != null ? "  " : "", r.topology().services(), us(k.connectMedian()), k.connections()));
            }
            b.append('\n');
            for (String w : r.warnings()) {
                b.append("    note: ").append(w).append('\n');
            }
        }
        b.append(pairedText());
        b.append("\nmeasurement vs simulation (per unit; 'target' is the kernel's figure corrected for how far the"
                + " simulated run under the previous fit ('last run') was from the linear sum of its steps; " + Calibrator.CORRECTION_ROUNDS
                + " rounds):\n");
        b.append(String.format(Locale.ROOT, "  %-36s %-18s %12s %12s %12s %12s %12s %9s%n", "measurement", "unit", "kernel",
                "base", "last run", "target", "fitted", "residual"));
        for (int i = 0; i < fit.rows().size(); i++) {
            CostFit.Row row = fit.rows().get(i);
            double k = i < kernel.size() ? kernel.get(i).measured() : Double.NaN;
            Double run = simulatedFirstFit.get(row.m().name());
            b.append(String.format(Locale.ROOT, "  %-36s %-18s %12s %12s %12s %12s %12s %9s%n", row.m().name(), row.m().unit(),
                    num(k), num(row.basePrediction()), run == null ? "-" : num(run), num(row.m().measured()),
                    num(row.fittedPrediction()),
                    Double.isFinite(row.residual()) ? String.format(Locale.ROOT, "%+.1f%%", 100 * row.residual()) : "n/a"));
            if (row.m().path() == null) {
                b.append("    (the simulated path was not found in the reference run)\n");
            }
        }
        b.append(checkText());
        b.append("\nfitted groups (scale of the base profile's costs; RMS relative residual of the measurements that"
                + " involve them):\n");
        if (fit.scales().isEmpty()) {
            b.append("  none: the simulated runs charged no CPU step (a wire-only model), so no cost could be fitted;"
                    + " the profile is the base profile\n");
        }
        for (Map.Entry<CostFit.Group, Double> e : fit.scales().entrySet()) {
            b.append(String.format(Locale.ROOT, "  %-11s scale %7.3f  residual %5.1f%%  %s%n", e.getKey().key(),
                    e.getValue(), 100 * fit.residual().get(e.getKey()), e.getKey().description()));
        }
        b.append("\ncosts:\n");
        CostProfile p = fit.profile();
        for (CostStep s : CostStep.values()) {
            StepCost c = p.cost(s);
            StepCost was = base.cost(s);
            b.append(String.format(Locale.ROOT, "  %-18s %10s + %8s/B  %-9s (base %s + %s/B)%n", s.key(),
                    num(c.perPacketNanos()) + "ns", num(c.perByteNanos()) + "ns", c.source().key(),
                    num(was.perPacketNanos()) + "ns", num(was.perByteNanos()) + "ns"));
        }
        if (spread != null) {
            b.append(spread.text());
        }
        for (String n : notes) {
            b.append("note: ").append(n).append('\n');
        }
        return b.toString();
    }

    /**
     * The ratios of each design to host-gw from runs taken back to back (calibrate interleaves them),
     * per repeat, with their median and spread: how much of the machine's noise the ratio carries.
     */
    String pairedText() {
        Reference hg = references.stream().filter(r -> r.rr() != null && r.topology().label().equals("host-gw"))
                .findFirst().orElse(null);
        if (hg == null) {
            return "";
        }
        StringBuilder b = new StringBuilder("\nratios to host-gw, run by run (measured interleaved; median [min–max]):\n");
        for (Reference r : references) {
            if (r == hg || r.rr() == null) {
                continue;
            }
            List<Double> rr = pairedRatios(r.kernel().rrP50s(), hg.kernel().rrP50s());
            List<Double> st = pairedRatios(r.kernel().streamBpsEach(), hg.kernel().streamBpsEach());
            b.append("  ").append(pad(r.topology().label() + " / host-gw", 22)).append("RR p50 ")
                    .append(ratios(rr)).append(String.format(Locale.ROOT, "  median %.3f %s", median(rr),
                            spread(rr, v -> String.format(Locale.ROOT, "%.2f", v))))
                    .append("\n  ").append(pad("", 22)).append("stream ").append(ratios(st))
                    .append(String.format(Locale.ROOT, "  median %.3f %s", median(st),
                            spread(st, v -> String.format(Locale.ROOT, "%.2f", v))))
                    .append(String.format(Locale.ROOT, "  (ratio of medians: RR %.3f, stream %.3f)%n",
                            r.kernel().rrP50() / hg.kernel().rrP50(), r.kernel().streamBps() / hg.kernel().streamBps()));
        }
        return b.toString();
    }

    /**
     * The reference request/response and stream measurements simulated under the fitted profile
     * against the kernel's, and each design's ratio to host-gw on both sides: what {@code compare
     * --profile} will show on a two-node scenario.
     */
    String checkText() {
        if (simulatedFinal == null || simulatedFinal.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("\nsimulated under the fitted profile vs the kernel (RR: round trip; stream:"
                + " goodput; VXLAN's kernel figures are host-gw's medians times the median back-to-back ratio):\n");
        Reference hg = references.stream().filter(r -> r.rr() != null && r.topology().label().equals("host-gw"))
                .findFirst().orElse(null);
        for (Reference r : references) {
            if (r.rr() == null) {
                continue;
            }
            double rrSim = simulatedFinal.getOrDefault(r.rr().name(), Double.NaN);
            double stSim = 8e9 / simulatedFinal.getOrDefault(r.stream().name(), Double.NaN);
            double rrK = r.rr().measured(); // for VXLAN: host-gw's median x the median back-to-back ratio
            double stK = 8e9 / r.stream().measured();
            b.append(String.format(Locale.ROOT, "  %-10s RR %s vs %s (%+.1f%%)  stream %s vs %s (%+.1f%%)", r.topology().label(),
                    us(rrSim), us(rrK), 100 * (rrSim / rrK - 1), gbit(stSim), gbit(stK), 100 * (stSim / stK - 1)));
            if (hg != null && r != hg) {
                double rrSimHg = simulatedFinal.getOrDefault(hg.rr().name(), Double.NaN);
                double stSimHg = 8e9 / simulatedFinal.getOrDefault(hg.stream().name(), Double.NaN);
                double rrRatioSim = rrSim / rrSimHg;
                double rrRatioK = rrK / hg.rr().measured();
                double stRatioSim = stSim / stSimHg;
                double stRatioK = stK / (8e9 / hg.stream().measured());
                b.append(String.format(Locale.ROOT, "%n  %-10s ratio to host-gw: RR %.3f vs %.3f (%+.1f%%), stream %.3f vs %.3f"
                        + " (%+.1f%%)", "", rrRatioSim, rrRatioK, 100 * (rrRatioSim / rrRatioK - 1), stRatioSim, stRatioK,
                        100 * (stRatioSim / stRatioK - 1)));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String ratios(List<Double> v) {
        StringBuilder b = new StringBuilder();
        for (Double d : v) {
            b.append(b.length() == 0 ? "" : " ").append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.2f", d) : "n/a");
        }
        return b.toString();
    }

    private static String pad(String s, int n) {
        return s.length() >= n ? s + " " : s + " ".repeat(n - s.length());
    }

    private static String us(double ns) {
        return Double.isFinite(ns) ? String.format(Locale.ROOT, "%.1fus", ns / 1000) : "n/a";
    }

    private static String gbit(double bps) {
        return Double.isFinite(bps) ? String.format(Locale.ROOT, "%.2f Gbit/s", bps / 1e9) : "n/a";
    }

    private static String num(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    /** The CPU model from /proc/cpuinfo ("unknown CPU" when unreadable). */
    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip() + " (" + Runtime.getRuntime().availableProcessors()
                            + " CPUs)";
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown CPU";
    }

    /** The kernel release, as {@code uname -r} prints it. */
    static String kernelRelease() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return System.getProperty("os.version", "unknown");
        }
    }
}
