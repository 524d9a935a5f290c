package io.podnet.dataplane.calibrate;

import io.podnet.sim.cost.CostProfile;
import io.podnet.sim.cost.CostStep;
import io.podnet.sim.cost.StepCost;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * Fits a cost profile to kernel measurements by non-negative least squares.
 *
 * <p>The unknowns are step costs. The reference paths cannot tell apart steps that always run
 * together (every round trip pays one socket send and one TCP segment per side), so steps the
 * measurements cannot separate are one unknown, a {@link Group}: the group's costs keep their
 * ratios from the base profile and share one fitted scale. Each measurement {@code i} predicts
 * {@code wire_i + Σ_j scale_j × c_ij}, where {@code c_ij} is what group {@code j}'s steps on that
 * path cost under the base profile (the simulated step counts times the base costs). The scales
 * minimise the relative residuals {@code Σ ((prediction_i − measured_i) / scale_i)²} (the scale is the
 * measurement, or for a difference of two measurements the larger of them) subject to
 * {@code scale ≥ 0} (active set: a negative scale is pinned at 0 and the rest refitted), with a weak
 * pull ({@value #PRIOR}) towards the base profile so that a group no measurement pins stays put.
 * The solve is a QR decomposition (commons-math3).
 */
public final class CostFit {
    /** Weight of the rows pulling each scale towards 1 (the base profile). */
    static final double PRIOR = 0.001;

    /** The unknowns: steps the reference paths can tell apart. */
    public enum Group {
        STACK("per-packet work of sockets, TCP, routing, veth, bridge, NIC, netfilter hooks, conntrack lookups, GSO/GRO"),
        COPY("per-byte work (copies and checksums)"),
        VXLAN("VXLAN encapsulation and decapsulation, per (GSO/GRO) packet"),
        VXLAN_BYTE("VXLAN encapsulation and decapsulation, per byte (fitted from the VXLAN stream)"),
        RULE("one iptables rule evaluated"),
        CONNECTION("a new connection's conntrack entry and NAT");

        private final String description;

        Group(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The group of {@code step}'s per-packet ({@code perByte} false) or per-byte part; null: not fitted. */
        static Group of(CostStep step, boolean perByte) {
            String n = step.name();
            if (n.startsWith("WIREGUARD") || n.startsWith("GENEVE") || n.startsWith("IPIP")) {
                return null; // no reference topology on this kernel: keep the base profile's
            }
            if (n.startsWith("VXLAN")) {
                // The kernel hands VXLAN whole GSO super-packets on a veth underlay (tx-udp_tnl-segmentation),
                // yet a VXLAN stream costs more per byte than a routed one: its per-byte part is an unknown of
                // its own, pinned by the VXLAN stream, apart from the copies every path pays.
                return perByte ? VXLAN_BYTE : VXLAN;
            }
            if (perByte) {
                return COPY;
            }
            if (step == CostStep.NETFILTER_RULE) {
                return RULE;
            }
            if (step == CostStep.CONNTRACK_INSERT || step == CostStep.NAT) {
                return CONNECTION;
            }
            return STACK;
        }
    }

    /**
     * One measured figure and the simulated path it is compared with.
     *
     * @param name     e.g. {@code rr host-gw}
     * @param unit     what one unit is: {@code ns per round trip}, {@code ns per byte}...
     * @param measured the kernel's figure (median of the repeats), in ns per unit
     * @param path     the simulated step counts per unit, or null when the simulated path was not found
     * @param scale    what the residual is relative to in the fit: the measurement itself, or for a
     *                 difference of two measurements the larger one (its noise is that one's)
     */
    public record Measurement(String name, String unit, double measured, PathCounts path, double scale) {
        public Measurement(String name, String unit, double measured, PathCounts path) {
            this(name, unit, measured, path, measured);
        }
    }

    /** A measurement with what the base and the fitted profiles predict. */
    public record Row(Measurement m, double basePrediction, double fittedPrediction) {
        /** (fitted − measured) / measured. */
        public double residual() {
            return (fittedPrediction - m.measured()) / m.measured();
        }
    }

    /**
     * The fit.
     *
     * @param scales   each group's scale (1 = the base profile's figures); absent when not fitted
     * @param residual each fitted group's RMS relative residual over the measurements its steps appear in
     */
    public record Result(CostProfile profile, Map<Group, Double> scales, Map<Group, Double> residual, List<Row> rows) {}

    private CostFit() {}

    /** Fits the groups' scales of {@code base} to {@code measurements}; {@code note} goes on every fitted cost. */
    public static Result fit(CostProfile base, List<Measurement> measurements, String note) {
        List<Measurement> usable = measurements.stream()
                .filter(m -> m.path() != null && m.measured() > 0 && Double.isFinite(m.measured())).toList();
        // a difference of two measurements that came out negative (noise) carries no usable information
        Group[] groups = Group.values();
        double[][] c = new double[usable.size()][groups.length];
        double[] y = new double[usable.size()];
        for (int i = 0; i < usable.size(); i++) {
            Measurement m = usable.get(i);
            for (CostStep s : CostStep.values()) {
                StepCost cost = base.cost(s);
                Group gp = Group.of(s, false);
                Group gb = Group.of(s, true);
                double pp = m.path().counts().getOrDefault(s, 0.0) * cost.perPacketNanos();
                double pb = m.path().bytes().getOrDefault(s, 0.0) * cost.perByteNanos();
                if (gp != null) {
                    c[i][gp.ordinal()] += pp;
                }
                if (gb != null) {
                    c[i][gb.ordinal()] += pb;
                }
                if (gp == null) {
                    y[i] -= pp; // steps not fitted keep their base cost
                }
                if (gb == null) {
                    y[i] -= pb;
                }
            }
            y[i] += m.measured() - m.path().wireNanos();
        }
        boolean[] free = new boolean[groups.length];
        for (int j = 0; j < groups.length; j++) {
            for (double[] row : c) {
                free[j] |= row[j] != 0;
            }
        }
        boolean[] identified = free.clone();
        double[] theta = solve(c, y, usable, free);
        while (true) {
            int worst = -1;
            for (int j = 0; j < groups.length; j++) {
                if (free[j] && theta[j] < 0 && (worst < 0 || theta[j] < theta[worst])) {
                    worst = j;
                }
            }
            if (worst < 0) {
                break;
            }
            free[worst] = false;
            theta = solve(c, y, usable, free);
            theta[worst] = 0;
        }
        Map<Group, Double> scales = new EnumMap<>(Group.class);
        for (int j = 0; j < groups.length; j++) {
            if (identified[j]) {
                scales.put(groups[j], free[j] ? theta[j] : 0.0);
            }
        }
        CostProfile fitted = base;
        for (CostStep s : CostStep.values()) {
            StepCost b = base.cost(s);
            Group gp = Group.of(s, false);
            Group gb = Group.of(s, true);
            boolean fp = gp != null && scales.containsKey(gp) && b.perPacketNanos() > 0;
            boolean fb = gb != null && scales.containsKey(gb) && b.perByteNanos() > 0;
            if (fp || fb) {
                double pp = fp ? b.perPacketNanos() * scales.get(gp) : b.perPacketNanos();
                double pb = fb ? b.perByteNanos() * scales.get(gb) : b.perByteNanos();
                fitted = fitted.withCost(s, new StepCost(pp, pb, StepCost.Source.FITTED, note + " (group "
                        + (fp ? gp.key() : gb.key()) + ")"));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Measurement m : measurements) {
            rows.add(new Row(m, m.path() == null ? Double.NaN : m.path().predict(base),
                    m.path() == null ? Double.NaN : m.path().predict(fitted)));
        }
        Map<Group, Double> residual = new EnumMap<>(Group.class);
        for (Group g : scales.keySet()) {
            double sum = 0;
            int n = 0;
            for (int i = 0; i < usable.size(); i++) {
                if (c[i][g.ordinal()] != 0) {
                    Measurement m = usable.get(i);
                    double r = (m.path().predict(fitted) - m.measured()) / m.scale();
                    sum += r * r;
                    n++;
                }
            }
            residual.put(g, n == 0 ? 0 : Math.sqrt(sum / n));
        }
        return new Result(fitted, scales, residual, rows);
    }

    /** Weighted least squares over the free groups, with the prior rows; fixed groups get 0. */
    private static double[] solve(double[][] c, double[] y, List<Measurement> ms, boolean[] free) {
        int k = free.length;
        List<Integer> cols = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            if (free[j]) {
                cols.add(j);
            }
        }
        double[] theta = new double[k];
        if (cols.isEmpty()) {
            return theta;
        }
        int rows = c.length + cols.size();
        RealMatrix a = new Array2DRowRealMatrix(rows, cols.size());
        RealVector b = new ArrayRealVector(rows);
        for (int i = 0; i < c.length; i++) {
            double w = 1 / ms.get(i).scale();
            for (int q = 0; q < cols.size(); q++) {
                a.setEntry(i, q, c[i][cols.get(q)] * w);
            }
            b.setEntry(i, y[i] * w);
        }
        for (int q = 0; q < cols.size(); q++) {
            a.setEntry(c.length + q, q, PRIOR);
            b.setEntry(c.length + q, PRIOR);
        }
        RealVector x = new QRDecomposition(a).getSolver().solve(b);
        for (int q = 0; q < cols.size(); q++) {
            theta[cols.get(q)] = x.getEntry(q);
        }
        return theta;
    }
}
