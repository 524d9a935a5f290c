package io.podnet.sim.socket.app;

import io.podnet.sim.socket.SocketLayer;
import io.podnet.sim.socket.TcpConnection;
import io.podnet.sim.socket.TcpHandler;
import java.util.function.ToLongFunction;

/**
 * An HTTP/1.1 server: answers each request (header block ended by a blank line, then the body its
 * Content-Length announces) with {@code 200 OK} and a body of the size given for the connection's
 * flow. Keeps the connection open (keep-alive) and closes its side when the client closes.
 */
public final class HttpServerApp extends BaseServer {
    private final ToLongFunction<String> bodyBytesFor;

    public HttpServerApp(SocketLayer sockets, int port, int bodyBytes) {
        this(sockets, port, flow -> bodyBytes);
        if (bodyBytes < 0) {
            throw new IllegalArgumentException("HTTP server on port " + port + ": body size must be >= 0, was "
                    + bodyBytes);
        }
    }

    /** @param bodyBytesFor the response body size for a connection of the given flow */
    public HttpServerApp(SocketLayer sockets, int port, ToLongFunction<String> bodyBytesFor) {
        super(sockets, port);
        this.bodyBytesFor = bodyBytesFor;
    }

    /** Starts listening on 0.0.0.0:port. */
    public HttpServerApp start() {
        listen();
        return this;
    }

    @Override
    TcpHandler newHandler(TcpConnection accepted) {
        return new TcpServerApp.HttpHandler(this, bodyBytesFor.applyAsLong(accepted.flow()));
    }
}
