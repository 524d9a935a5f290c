package io.podnet.sim.socket.app;

import io.podnet.sim.socket.Endpoint;
import io.podnet.sim.socket.SocketLayer;
import io.podnet.sim.socket.TcpConnection;
import io.podnet.sim.socket.TcpHandler;
import io.podnet.sim.socket.TcpListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the TCP server applications share: listening on 0.0.0.0:port with one handler per accepted
 * connection, stopping, and the log of requests answered. Subclasses supply the handler.
 */
abstract class BaseServer {
    protected final SocketLayer sockets;
    protected final int port;
    private final List<ServedRequest> served = new ArrayList<>();
    private TcpListener listener;

    BaseServer(SocketLayer sockets, int port) {
        this.sockets = sockets;
        this.port = port;
    }

    /** A handler for a newly accepted connection. */
    abstract TcpHandler newHandler(TcpConnection accepted);

    /** Starts listening on 0.0.0.0:port. */
    final void listen() {
        listener = sockets.listen(port, this::newHandler);
    }

    public final void stop() {
        if (listener != null) {
            listener.close();
        }
    }

    public final Endpoint local() {
        return listener == null ? null : listener.local();
    }

    /** Requests answered so far, in order. */
    public final List<ServedRequest> served() {
        return Collections.unmodifiableList(served);
    }

    final void record(ServedRequest r) {
        served.add(r);
    }
}
