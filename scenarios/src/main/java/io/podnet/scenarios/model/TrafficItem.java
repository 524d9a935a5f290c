package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;

/**
 * One item of {@code traffic}: a client in {@code from} sends to {@code to}, starting at
 * {@code atNanos}, {@code count} times {@code intervalNanos} apart.
 *
 * @param requestBytes  bytes the client sends (for http: the body; ICMP: the echo payload)
 * @param responseBytes bytes the server answers with
 * @param timeoutNanos  after this long without completion the attempt's outcome is {@code timeout}
 */
public record TrafficItem(String name, SourceLocation location, Endpoint from, Target to, Protocol protocol,
                          long requestBytes, long responseBytes, long atNanos, int count, long intervalNanos,
                          long timeoutNanos) {
    /** The flow name of repetition {@code i}: the item's name, or {@code name#i} when it repeats. */
    public String flowName(int i) {
        return count == 1 ? name : name + "#" + i;
    }
}
