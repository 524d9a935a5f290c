package io.podnet.sim.socket;

/** The association states of RFC 9260 §4 (the names Linux's {@code /proc/net/sctp/assocs} uses). */
public enum SctpState {
    CLOSED, COOKIE_WAIT, COOKIE_ECHOED, ESTABLISHED, SHUTDOWN_PENDING, SHUTDOWN_SENT, SHUTDOWN_RECEIVED,
    SHUTDOWN_ACK_SENT;

    /** Whether user data may be sent (ESTABLISHED, or waiting to shut down with data still queued). */
    public boolean established() {
        return this == ESTABLISHED;
    }
}
