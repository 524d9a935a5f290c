package io.podnet.sim.cost;

import java.util.List;

/**
 * The CPU side of one trace event: on which kernel CPU the step ran, how long the packet waited for
 * that CPU before its processing started, and what the step (or steps) charged.
 *
 * @param node      the kernel (node) whose CPU ran the step
 * @param cpu       the CPU index within that node (0-based)
 * @param waitNanos how long the work waited for the CPU (queueing), charged once per processing run
 * @param charges   the steps charged, in order
 */
public record CpuCost(String node, int cpu, long waitNanos, List<StepCharge> charges) {
    public CpuCost {
        if (node == null || cpu < 0 || waitNanos < 0) {
            throw new IllegalArgumentException("bad CPU cost: " + node + " cpu " + cpu + " wait " + waitNanos);
        }
        charges = List.copyOf(charges);
    }

    /** The CPU nanoseconds of every charge. */
    public long nanos() {
        long n = 0;
        for (StepCharge c : charges) {
            n += c.nanos();
        }
        return n;
    }
}
