package io.podnet.sim.socket;

import io.podnet.sim.net.Ipv4Address;

/** A listening TCP socket (state LISTEN) bound to an address (0.0.0.0 for any) and a port. */
public final class TcpListener {
    private final SocketLayer layer;
    private final Endpoint local;
    private final TcpAcceptor acceptor;
    private boolean open = true;
    private long accepted;

    TcpListener(SocketLayer layer, Endpoint local, TcpAcceptor acceptor) {
        this.layer = layer;
        this.local = local;
        this.acceptor = acceptor;
    }

    public Endpoint local() {
        return local;
    }

    public boolean isOpen() {
        return open;
    }

    /** Connections that completed the handshake on this listener so far. */
    public long acceptedCount() {
        return accepted;
    }

    boolean matches(Ipv4Address dst) {
        return local.address().equals(Ipv4Address.ANY) || local.address().equals(dst);
    }

    TcpHandler accepted(TcpConnection c) {
        accepted++;
        return acceptor.accept(c);
    }

    /** Stops listening; established connections live on. Later SYNs are answered with RST. */
    public void close() {
        if (open) {
            open = false;
            layer.unregister(this);
        }
    }

    @Override
    public String toString() {
        return "tcp LISTEN " + local;
    }
}
