package io.podnet.sim.socket;

/** Called by a {@link TcpListener} when a connection completes its handshake; returns its handler. */
@FunctionalInterface
public interface TcpAcceptor {
    TcpHandler accept(TcpConnection connection);
}
