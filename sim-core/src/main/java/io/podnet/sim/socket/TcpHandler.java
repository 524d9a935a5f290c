package io.podnet.sim.socket;

/**
 * What an application hears from a TCP connection. Every callback runs inside the engine event
 * that caused it; the application may call {@link TcpConnection#send} or {@link TcpConnection#close}
 * from any of them.
 */
public interface TcpHandler {
    /** The three-way handshake completed (active open), or the connection was accepted (passive). */
    default void onConnected(TcpConnection c) {}

    /** In-order bytes arrived. */
    default void onData(TcpConnection c, byte[] data) {}

    /** The peer sent FIN: it will send nothing more (the connection is now CLOSE_WAIT or later). */
    default void onPeerClosed(TcpConnection c) {}

    /** Both directions are closed (TIME_WAIT or CLOSED reached without error). */
    default void onClosed(TcpConnection c) {}

    /** The connection failed (refused, reset, timed out, unreachable); it is CLOSED. */
    default void onError(TcpConnection c, SocketError error) {}
}
