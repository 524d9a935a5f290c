package io.podnet.sim.socket.app;

import io.podnet.sim.socket.Endpoint;
import io.podnet.sim.socket.SocketError;

/**
 * What a client observed. Times are simulated nanoseconds; -1 when the step never happened.
 *
 * @param flow          the traffic item
 * @param protocol      {@code tcp}, {@code http}, {@code udp}, {@code sctp} or {@code icmp}
 * @param namespace     the client's namespace
 * @param outcome       how it ended
 * @param error         the socket error behind a non-DELIVERED outcome (e.g. {@code ECONNREFUSED
 *                      (Connection refused)}), or a short reason; null when delivered
 * @param startNs       when the client started (connect/sendto)
 * @param connectedNs   TCP or SCTP handshake completed (for UDP/ICMP: -1)
 * @param firstByteNs   first response byte arrived
 * @param completeNs    when the outcome was decided (full response, error or timeout)
 * @param bytesSent     application bytes sent (request, first transmissions only)
 * @param bytesReceived application bytes received
 * @param server        source address:port of the reply as the client saw it, or null without reply
 * @param local         the client's address:port (the ephemeral port used; port = echo id for ping)
 * @param retransmissions TCP segments (SCTP DATA chunks) retransmitted by the client
 * @param socketError   the error the socket reported to the client's handler (refused, reset,
 *                      unreachable, timed out), or null: delivered, the client's own timeout, a local
 *                      send that found no route, or an early end of stream
 */
public record TrafficResult(String flow, String protocol, String namespace, Outcome outcome, String error,
                            long startNs, long connectedNs, long firstByteNs, long completeNs, long bytesSent,
                            long bytesReceived, Endpoint server, Endpoint local, int retransmissions,
                            SocketError socketError) {
    /** True when the client's own timeout decided the outcome (nothing, or not everything, came back). */
    public boolean gaveUp() {
        return outcome == Outcome.TIMEOUT && socketError == null;
    }

    /** Time from start to the outcome. */
    public long durationNs() {
        return completeNs - startNs;
    }

    /** Time from start to the first response byte, or -1. */
    public long timeToFirstByteNs() {
        return firstByteNs < 0 ? -1 : firstByteNs - startNs;
    }

    /** One line for reports: {@code web DELIVERED http 10.0.0.1:40312 > 10.96.0.10:80 in 1.234us ...}. */
    public String summary() {
        return flow + " " + outcome + " " + protocol + " " + local + " > " + (server == null ? "-" : server)
                + " in " + io.podnet.sim.engine.Durations.format(durationNs()) + " sent " + bytesSent + " received "
                + bytesReceived + (error == null ? "" : " (" + error + ")");
    }
}
