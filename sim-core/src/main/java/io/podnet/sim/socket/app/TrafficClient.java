package io.podnet.sim.socket.app;

/** A client that performs one exchange and reports one {@link TrafficResult}. */
public interface TrafficClient {
    /** Starts the exchange now (call it from an engine event at the traffic's start time). */
    void start();

    /** The result, or null while the exchange is running. */
    TrafficResult result();

    default boolean isDone() {
        return result() != null;
    }
}
