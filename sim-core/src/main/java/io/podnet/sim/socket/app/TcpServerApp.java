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
 * A TCP server: listens on a port, answers every {@code requestBytes} received on a connection with
 * {@code responseBytes} of filler, and closes its side when the client closes (FIN).
 */
public final class TcpServerApp {
    private final SocketLayer sockets;
    private final int port;
    private final int requestBytes;
    private final int responseBytes;
    private final List<ServedRequest> served = new ArrayList<>();
    private TcpListener listener;

    public TcpServerApp(SocketLayer sockets, int port, int requestBytes, int responseBytes) {
        if (requestBytes < 1 || responseBytes < 0) {
            throw new IllegalArgumentException("TCP server on port " + port + ": request size must be >= 1 and response"
                    + " size >= 0, were " + requestBytes + " and " + responseBytes);
        }
        this.sockets = sockets;
        this.port = port;
        this.requestBytes = requestBytes;
        this.responseBytes = responseBytes;
    }

    /** Starts listening on 0.0.0.0:port. */
    public TcpServerApp start() {
        listener = sockets.listen(port, conn -> new Handler());
        return this;
    }

    public void stop() {
        if (listener != null) {
            listener.close();
        }
    }

    public Endpoint local() {
        return listener == null ? null : listener.local();
    }

    /** Requests answered so far, in order. */
    public List<ServedRequest> served() {
        return Collections.unmodifiableList(served);
    }

    private final class Handler implements TcpHandler {
        private long pending;

        @Override
        public void onData(TcpConnection c, byte[] data) {
            pending += data.length;
            while (pending >= requestBytes && c.state().synchronised()) {
                pending -= requestBytes;
                served.add(new ServedRequest(c.flow(), c.remote(), c.local(), sockets.engine().now(), requestBytes,
                        responseBytes));
                c.send(Payloads.pattern(responseBytes));
            }
        }

        @Override
        public void onPeerClosed(TcpConnection c) {
            c.close();
        }
    }
}
