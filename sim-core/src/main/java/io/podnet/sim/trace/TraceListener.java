package io.podnet.sim.trace;

/** Receives trace events as the model emits them. The model never prints; it only fires events. */
@FunctionalInterface
public interface TraceListener {
    void onEvent(TraceEvent event);

    /**
     * Whether this listener reads {@link TraceEvent#cpu()}. When no listener of a run does, the CPU
     * model still charges every step (the timing is the same) but does not keep the charges for the
     * trace, and every event's {@code cpu()} is null. True unless a listener says otherwise.
     */
    default boolean readsCpu() {
        return true;
    }
}
