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

    /**
     * Whether this listener wants the event about to be emitted, of {@code kind} for {@code flow}
     * (may be null) in {@code namespace}. When no listener wants an event it is not built at all
     * (its sequence number is still taken, so the numbering and {@link Tracer#emitted()} do not
     * change); when one listener wants it, every listener receives it as usual. Must not depend on anything but the
     * arguments and what the listener saw before. True unless a listener says otherwise.
     */
    default boolean wants(EventKind kind, String flow, String namespace) {
        return true;
    }
}
