package io.podnet.sim.socket.app;

import io.podnet.sim.socket.SocketLayer;
import io.podnet.sim.socket.TcpConnection;
import io.podnet.sim.socket.TcpHandler;

/**
 * A TCP server: listens on a port, answers every {@code requestBytes} received on a connection with
 * {@code responseBytes} of filler, and closes its side when the client closes (FIN).
 */
public final class TcpServerApp extends BaseServer {
    private final int requestBytes;
    private final int responseBytes;

    public TcpServerApp(SocketLayer sockets, int port, int requestBytes, int responseBytes) {
        super(sockets, port);
        if (requestBytes < 1 || responseBytes < 0) {
            throw new IllegalArgumentException("TCP server on port " + port + ": request size must be >= 1 and response"
                    + " size >= 0, were " + requestBytes + " and " + responseBytes);
        }
        this.requestBytes = requestBytes;
        this.responseBytes = responseBytes;
    }

    /** Starts listening on 0.0.0.0:port. */
    public TcpServerApp start() {
        listen();
        return this;
    }

    @Override
    TcpHandler newHandler() {
        return new Handler();
    }

    private final class Handler implements TcpHandler {
        private long pending;

        @Override
        public void onData(TcpConnection c, byte[] data) {
            pending += data.length;
            while (pending >= requestBytes && c.state().synchronised()) {
                pending -= requestBytes;
                record(new ServedRequest(c.flow(), c.remote(), c.local(), sockets.engine().now(), requestBytes,
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
