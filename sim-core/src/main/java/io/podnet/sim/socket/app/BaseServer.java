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
    /** The last HTTP response built, and its body size: every request of a load asks the same. */
    private byte[] response;
    private long responseBody = -1;

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

    /**
     * {@link Payloads#httpResponse} with {@code bodyBytes}, built once per size: the same array is
     * handed out again, which is safe because {@code TcpConnection.send} copies what it is given.
     */
    final byte[] httpResponse(long bodyBytes) {
        if (bodyBytes != responseBody) {
            response = Payloads.httpResponse(bodyBytes);
            responseBody = bodyBytes;
        }
        return response;
    }

    final void record(ServedRequest r) {
        served.add(r);
    }
}
