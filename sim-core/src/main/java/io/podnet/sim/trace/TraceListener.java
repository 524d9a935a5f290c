package io.podnet.sim.trace;

/** Receives trace events as the model emits them. The model never prints; it only fires events. */
@FunctionalInterface
public interface TraceListener {
    void onEvent(TraceEvent event);
}
