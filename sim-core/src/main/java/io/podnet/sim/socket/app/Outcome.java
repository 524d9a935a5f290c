package io.podnet.sim.socket.app;

import io.podnet.sim.socket.SocketError;

/** How a client's exchange ended, in the vocabulary of scenario expectations. */
public enum Outcome {
    /** The full response arrived. */
    DELIVERED,
    /** The peer actively refused: TCP RST (ECONNREFUSED/ECONNRESET) or ICMP port unreachable. */
    REFUSED,
    /** The network reported the packet lost: ICMP host/net unreachable, admin prohibited, no route. */
    DROPPED,
    /** Nothing (or not everything) came back before the client's timeout. */
    TIMEOUT;

    /** The outcome a socket error means to a client. */
    public static Outcome of(SocketError e) {
        return switch (e) {
            case ECONNREFUSED, ECONNRESET -> REFUSED;
            case ETIMEDOUT -> TIMEOUT;
            default -> DROPPED;
        };
    }
}
