package io.podnet.sim.cost;

/**
 * What one step charged: {@code count} executions over {@code bytes} bytes in total, costing
 * {@code nanos} CPU nanoseconds under the run's profile.
 */
public record StepCharge(CostStep step, long count, long bytes, long nanos) {
    public StepCharge {
        if (step == null || count < 0 || bytes < 0 || nanos < 0) {
            throw new IllegalArgumentException("bad step charge: " + step + " x" + count + " " + bytes + "B " + nanos + "ns");
        }
    }
}
