package io.podnet.sim.socket.app;

import io.podnet.sim.socket.Endpoint;

/**
 * What a client sends: to {@code target}, a request of {@code requestBytes}, expecting
 * {@code responseBytes} back (for HTTP: the body size asked for), giving up after {@code timeoutNs}
 * of simulated time. For ping, {@code target} has port 0 and {@code requestBytes} is the echo
 * payload size.
 *
 * @param flow the traffic item name; every packet of the exchange carries it
 */
public record TrafficSpec(String flow, Endpoint target, int requestBytes, int responseBytes, long timeoutNs) {
    public TrafficSpec {
        if (target == null) {
            throw new IllegalArgumentException("traffic '" + flow + "' has no target");
        }
        if (requestBytes < 0 || responseBytes < 0) {
            throw new IllegalArgumentException("traffic '" + flow + "': request and response sizes must be >= 0, were "
                    + requestBytes + " and " + responseBytes);
        }
        if (timeoutNs <= 0) {
            throw new IllegalArgumentException("traffic '" + flow + "': timeout must be > 0 ns, was " + timeoutNs);
        }
    }
}
