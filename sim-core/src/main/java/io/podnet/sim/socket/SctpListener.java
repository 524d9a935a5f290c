package io.podnet.sim.socket;

import io.podnet.sim.net.Ipv4Address;

/** A listening one-to-one SCTP socket ({@code listen()} on a bound SOCK_STREAM socket). */
public final class SctpListener {
    private final SctpSockets sockets;
    private final Endpoint local;
    private final SctpAcceptor acceptor;
    private boolean open = true;

    SctpListener(SctpSockets sockets, Endpoint local, SctpAcceptor acceptor) {
        this.sockets = sockets;
        this.local = local;
        this.acceptor = acceptor;
    }

    public Endpoint local() {
        return local;
    }

    public boolean isOpen() {
        return open;
    }

    /** Stops listening; established associations stay. */
    public void close() {
        if (open) {
            open = false;
            sockets.unregister(this);
        }
    }

    boolean matches(Ipv4Address dst) {
        return local.address().equals(Ipv4Address.ANY) || local.address().equals(dst);
    }

    SctpHandler accept(SctpAssociation a) {
        return acceptor.accept(a);
    }

    @Override
    public String toString() {
        return "sctp listen " + local;
    }
}
