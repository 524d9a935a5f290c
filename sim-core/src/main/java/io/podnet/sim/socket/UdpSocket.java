package io.podnet.sim.socket;

import io.podnet.sim.net.Ipv4Address;

/** A bound UDP socket. Sends from its bound address, or from the route's source when bound to 0.0.0.0. */
public final class UdpSocket {
    private final SocketLayer layer;
    private final Endpoint local;
    private final UdpHandler handler;
    private boolean open = true;

    UdpSocket(SocketLayer layer, Endpoint local, UdpHandler handler) {
        this.layer = layer;
        this.local = local;
        this.handler = handler;
    }

    public Endpoint local() {
        return local;
    }

    public boolean isOpen() {
        return open;
    }

    /**
     * Sends one datagram. Returns false (sending nothing) when there is no route to {@code dst}
     * ({@code ENETUNREACH}), as {@code sendto} would fail.
     */
    public boolean sendTo(Endpoint dst, byte[] data, String flow) {
        if (!open) {
            throw new IllegalStateException("UDP socket " + local + " is closed");
        }
        if (data == null || data.length > 65507) {
            throw new IllegalArgumentException("UDP payload must be 0..65507 bytes, was "
                    + (data == null ? "null" : data.length));
        }
        return layer.sendUdp(this, dst, data, flow);
    }

    public void close() {
        if (open) {
            open = false;
            layer.unregister(this);
        }
    }

    boolean matches(Ipv4Address dst) {
        return local.address().equals(Ipv4Address.ANY) || local.address().equals(dst);
    }

    void receive(Endpoint from, Ipv4Address to, byte[] data, String flow) {
        handler.onDatagram(this, from, to, data, flow);
    }

    void error(Endpoint remote, SocketError error) {
        handler.onError(this, remote, error);
    }

    @Override
    public String toString() {
        return "udp " + local;
    }
}
