package io.podnet.sim.cost;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the CPU time of a run went: per kernel (node), each CPU's busy time and each step's total
 * cost and count. Sorted by node name; steps in {@link CostStep} order.
 */
public record CpuUsage(Map<String, Node> nodes) {
    /**
     * One kernel's usage.
     *
     * @param cpus       its CPUs
     * @param busyNanos  busy time per CPU (index = CPU)
     * @param waitNanos  total time work waited for a busy CPU
     * @param stepNanos  CPU time per step
     * @param stepCounts executions per step (batched GSO/GRO segments count once)
     */
    public record Node(int cpus, List<Long> busyNanos, long waitNanos, Map<CostStep, Long> stepNanos,
                       Map<CostStep, Long> stepCounts) {
        public Node {
            busyNanos = List.copyOf(busyNanos);
            stepNanos = Collections.unmodifiableMap(new EnumMap<>(stepNanos.isEmpty()
                    ? new EnumMap<>(CostStep.class) : stepNanos));
            stepCounts = Collections.unmodifiableMap(new EnumMap<>(stepCounts.isEmpty()
                    ? new EnumMap<>(CostStep.class) : stepCounts));
        }

        /** Busy time of every CPU. */
        public long totalNanos() {
            long n = 0;
            for (long b : busyNanos) {
                n += b;
            }
            return n;
        }

        /** Average utilisation of the kernel's CPUs over {@code spanNanos} (0..1). */
        public double utilisation(long spanNanos) {
            return spanNanos <= 0 ? 0 : (double) totalNanos() / ((double) spanNanos * cpus);
        }
    }

    /** No CPU model (wire-only). */
    public static final CpuUsage NONE = new CpuUsage(Map.of());

    public CpuUsage {
        nodes = Collections.unmodifiableMap(new TreeMap<>(nodes));
    }
}
