package io.podnet.dataplane.calibrate;

import io.podnet.scenarios.reference.PathWindows;
import io.podnet.sim.cost.CostProfile;
import io.podnet.sim.cost.CostStep;
import io.podnet.sim.cost.CpuCost;
import io.podnet.sim.cost.StepCharge;
import io.podnet.sim.trace.TraceEvent;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many times each {@link CostStep} ran on one measured path of a simulated reference run, per
 * unit of the measurement (one round trip, one connection, one byte of a stream), over how many
 * bytes, and the time on the path that is not CPU (wire: serialisation and propagation). The
 * simulator's prediction of the measurement under a profile is {@code wire + Σ count × perPacket +
 * bytes × perByte}: linear in the costs, which is what the fit needs.
 *
 * @param counts    executions of each step per unit
 * @param bytes     bytes each step processed per unit
 * @param wireNanos time per unit that no step charged (wire), under the run's profile
 * @param simNanos  the simulated measurement per unit under the run's profile
 */
public record PathCounts(Map<CostStep, Double> counts, Map<CostStep, Double> bytes, double wireNanos, double simNanos) {
    public PathCounts {
        counts = java.util.Collections.unmodifiableMap(new EnumMap<>(counts.isEmpty() ? new EnumMap<>(CostStep.class) : counts));
        bytes = java.util.Collections.unmodifiableMap(new EnumMap<>(bytes.isEmpty() ? new EnumMap<>(CostStep.class) : bytes));
    }

    /** No step observed (the run charged nothing: a wire-only model). */
    public static PathCounts none(double wireNanos) {
        return new PathCounts(Map.of(), Map.of(), wireNanos, wireNanos);
    }

    /** This path minus {@code o}: what a measurement taken as a difference of the two predicts. */
    public PathCounts minus(PathCounts o) {
        EnumMap<CostStep, Double> c = new EnumMap<>(CostStep.class);
        EnumMap<CostStep, Double> b = new EnumMap<>(CostStep.class);
        for (CostStep s : CostStep.values()) {
            double dc = counts.getOrDefault(s, 0.0) - o.counts.getOrDefault(s, 0.0);
            double db = bytes.getOrDefault(s, 0.0) - o.bytes.getOrDefault(s, 0.0);
            if (dc != 0) {
                c.put(s, dc);
            }
            if (db != 0) {
                b.put(s, db);
            }
        }
        return new PathCounts(c, b, wireNanos - o.wireNanos, simNanos - o.simNanos);
    }

    /** The prediction under {@code p}. */
    public double predict(CostProfile p) {
        double t = wireNanos;
        for (CostStep s : CostStep.values()) {
            t += counts.getOrDefault(s, 0.0) * p.cost(s).perPacketNanos() + bytes.getOrDefault(s, 0.0) * p.cost(s).perByteNanos();
        }
        return t;
    }

    /**
     * The charges of {@code flow}'s events from its client's first data segment to the response's
     * delivery at the client: one round trip on an established connection.
     */
    public static PathCounts roundTrip(List<TraceEvent> trace, String flow, String client) {
        PathWindows w = PathWindows.roundTrip(trace, flow, client);
        return w == null ? null : window(trace, flow, w.startNanos(), w.endNanos(), 1);
    }

    /** From the client's SYN to the SYN-ACK's delivery at the client: what {@code connect()} waits for. */
    public static PathCounts connect(List<TraceEvent> trace, String flow, String client) {
        PathWindows w = PathWindows.connect(trace, flow, client);
        return w == null ? null : window(trace, flow, w.startNanos(), w.endNanos(), 1);
    }

    /**
     * A bulk stream: the busiest CPU's charges per application byte. A single stream is as fast as
     * its busiest CPU (the sender's, or the receiver's softirq), so time per byte is that CPU's work
     * per byte.
     */
    public static PathCounts streamBottleneck(List<TraceEvent> trace, String flow, long appBytes) {
        return streamBottleneck(trace, flow, appBytes, -1);
    }

    /** As above, with the simulated transfer time (so that {@link #simNanos} is the run's time per byte). */
    public static PathCounts streamBottleneck(List<TraceEvent> trace, String flow, long appBytes, long transferNanos) {
        Map<String, Double> busy = new TreeMap<>();
        for (TraceEvent e : trace) {
            if (flow.equals(e.flow()) && e.cpu() != null) {
                busy.merge(e.cpu().node() + "#" + e.cpu().cpu(), (double) e.cpu().nanos(), Double::sum);
            }
        }
        String worst = null;
        for (Map.Entry<String, Double> b : busy.entrySet()) {
            if (worst == null || b.getValue() > busy.get(worst)) {
                worst = b.getKey();
            }
        }
        EnumMap<CostStep, Double> counts = new EnumMap<>(CostStep.class);
        EnumMap<CostStep, Double> bytes = new EnumMap<>(CostStep.class);
        double nanos = 0;
        if (worst != null) {
            for (TraceEvent e : trace) {
                CpuCost c = e.cpu();
                if (flow.equals(e.flow()) && c != null && worst.equals(c.node() + "#" + c.cpu())) {
                    for (StepCharge s : c.charges()) {
                        counts.merge(s.step(), s.count() / (double) appBytes, Double::sum);
                        bytes.merge(s.step(), s.bytes() / (double) appBytes, Double::sum);
                        nanos += s.nanos();
                    }
                }
            }
        }
        return new PathCounts(counts, bytes, 0, transferNanos > 0 ? transferNanos / (double) appBytes : nanos / appBytes);
    }

    private static PathCounts window(List<TraceEvent> trace, String flow, long t0, long t1, double units) {
        if (t0 < 0 || t1 < t0) {
            return null;
        }
        EnumMap<CostStep, Double> counts = new EnumMap<>(CostStep.class);
        EnumMap<CostStep, Double> bytes = new EnumMap<>(CostStep.class);
        double cpu = 0;
        for (TraceEvent e : trace) {
            if (e.time() < t0 || e.time() > t1 || !flow.equals(e.flow()) || e.cpu() == null) {
                continue;
            }
            cpu += e.cpu().waitNanos();
            for (StepCharge s : e.cpu().charges()) {
                counts.merge(s.step(), s.count() / units, Double::sum);
                bytes.merge(s.step(), s.bytes() / units, Double::sum);
                cpu += s.nanos();
            }
        }
        double sim = (t1 - t0) / units;
        return new PathCounts(counts, bytes, Math.max(0, sim - cpu / units), sim);
    }
}
