package io.podnet.sim.socket;

/** The TCP connection states (RFC 9293), named as {@code ss} prints them with underscores. */
public enum TcpState {
    CLOSED,
    LISTEN,
    SYN_SENT,
    SYN_RECEIVED,
    ESTABLISHED,
    FIN_WAIT_1,
    FIN_WAIT_2,
    CLOSE_WAIT,
    CLOSING,
    LAST_ACK,
    TIME_WAIT;

    /** True once the handshake completed (sequence numbers synchronised), until CLOSED. */
    public boolean synchronised() {
        return this != CLOSED && this != LISTEN && this != SYN_SENT && this != SYN_RECEIVED;
    }
}
