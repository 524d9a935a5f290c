package io.podnet.sim.socket;

import io.podnet.sim.net.Ipv4Address;

/**
 * An ICMP echo socket (Linux's unprivileged ping socket): the kernel picks its identifier, like an
 * ephemeral port, and hands it the echo replies and errors that carry it.
 */
public final class PingSocket {
    private final SocketLayer layer;
    private final int identifier;
    private final PingHandler handler;
    private boolean open = true;

    PingSocket(SocketLayer layer, int identifier, PingHandler handler) {
        this.layer = layer;
        this.identifier = identifier;
        this.handler = handler;
    }

    public int identifier() {
        return identifier;
    }

    /** Sends an echo request; false when there is no route to {@code dst}. */
    public boolean send(Ipv4Address dst, int sequence, byte[] payload, String flow) {
        if (!open) {
            throw new IllegalStateException("ping socket " + identifier + " is closed");
        }
        if (payload == null || payload.length > 65507) {
            throw new IllegalArgumentException("echo payload must be 0..65507 bytes");
        }
        return layer.sendEcho(this, dst, sequence & 0xffff, payload, flow);
    }

    public void close() {
        if (open) {
            open = false;
            layer.unregister(this);
        }
    }

    void reply(Ipv4Address from, int sequence, byte[] payload) {
        handler.onReply(this, from, sequence, payload);
    }

    void error(Ipv4Address reporter, int sequence, SocketError error) {
        handler.onError(this, reporter, sequence, error);
    }

    @Override
    public String toString() {
        return "icmp echo id " + identifier;
    }
}
