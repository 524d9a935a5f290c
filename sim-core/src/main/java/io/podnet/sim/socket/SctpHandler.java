package io.podnet.sim.socket;

/** What an application hears from an SCTP association. Every method has an empty default. */
public interface SctpHandler {
    /** The four-way handshake completed: COOKIE-ACK received (active side) or COOKIE-ECHO accepted (passive side). */
    default void onEstablished(SctpAssociation a) {}

    /** A whole user message arrived (DATA chunks reassembled, in order). */
    default void onMessage(SctpAssociation a, byte[] message) {}

    /** The peer sent SHUTDOWN: it sends nothing more; the association shuts down once our data is acknowledged. */
    default void onPeerShutdown(SctpAssociation a) {}

    /** The association closed gracefully (SHUTDOWN-ACK or SHUTDOWN-COMPLETE exchanged). */
    default void onClosed(SctpAssociation a) {}

    /** The association failed (ABORT received, timers exhausted, no route); it is CLOSED. */
    default void onError(SctpAssociation a, SocketError error) {}
}
