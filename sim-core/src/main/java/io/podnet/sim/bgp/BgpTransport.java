package io.podnet.sim.bgp;

import io.podnet.sim.net.Ipv4Address;

/**
 * How BGP speakers reach each other: a reliable byte stream from one address to a peer's port 179.
 * {@link DirectTransport} delivers over the engine with a fixed latency (fast, for large meshes);
 * a TCP-backed transport runs the same sessions as packets on the simulated underlay.
 */
public interface BgpTransport {
    /** Registers the speaker that accepts connections to {@code address}:179. */
    void listen(Ipv4Address address, Acceptor acceptor);

    /** Opens a connection; exactly one of {@code onConnected}/{@code onFailed} follows later. */
    void connect(Ipv4Address local, Ipv4Address remote, Handler handler);

    /** Decides whether to accept an incoming connection and returns its handler, or null to refuse. */
    @FunctionalInterface
    interface Acceptor {
        Handler accept(Ipv4Address remote);
    }

    /** Callbacks of one connection. */
    interface Handler {
        void onConnected(Connection connection);

        void onData(byte[] data);

        /** The peer closed or the connection broke. */
        void onClosed(String reason);

        void onFailed(String reason);
    }

    /** One established connection. */
    interface Connection {
        void send(byte[] data);

        void close();

        Ipv4Address remote();
    }
}
