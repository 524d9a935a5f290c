package io.podnet.scenarios.run;

import io.podnet.scenarios.model.Encapsulation;
import io.podnet.scenarios.model.Outcome;
import java.util.List;

/**
 * What happened to one attempt of a traffic item.
 *
 * @param traffic       the traffic item's name
 * @param flow          the flow name on its packets ({@code name} or {@code name#i})
 * @param attempt       0-based repetition
 * @param outcome       delivered, refused, dropped or timeout
 * @param servedBy      the pod whose server answered, or null
 * @param encapsulation the tunnel that carried the flow's packets ({@code NONE} when none did)
 * @param path          the {@code namespace/device} hops the first request packet crossed (RX/TX/BRIDGE
 *                      events, consecutive duplicates removed)
 * @param startNanos    when the client started (simulated time)
 * @param latencyNanos  start to response complete (handshake included for tcp/http), or -1
 * @param bytesSent     application bytes the client sent
 * @param bytesReceived application bytes the client received
 * @param detail        why it ended that way, in one line (e.g. the drop and where it happened)
 * @param servedByNamespace the namespace of the pod whose server answered, or null
 */
public record FlowResult(String traffic, String flow, int attempt, Outcome outcome, String servedBy,
                         Encapsulation encapsulation, List<String> path, long startNanos, long latencyNanos,
                         long bytesSent, long bytesReceived, String detail, String servedByNamespace) {
    public FlowResult {
        path = List.copyOf(path);
    }

    /** A result whose serving pod's namespace is not known (expectations then match its name only). */
    public FlowResult(String traffic, String flow, int attempt, Outcome outcome, String servedBy,
                      Encapsulation encapsulation, List<String> path, long startNanos, long latencyNanos,
                      long bytesSent, long bytesReceived, String detail) {
        this(traffic, flow, attempt, outcome, servedBy, encapsulation, path, startNanos, latencyNanos, bytesSent,
                bytesReceived, detail, null);
    }
}
