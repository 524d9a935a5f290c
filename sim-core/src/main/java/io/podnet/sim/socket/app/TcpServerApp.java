package io.podnet.sim.socket.app;

import io.podnet.sim.socket.SocketLayer;
import io.podnet.sim.socket.TcpConnection;
import io.podnet.sim.socket.TcpHandler;
import java.util.function.Function;

/**
 * A TCP server: listens on a port and answers each accepted connection as its flow asks
 * ({@link TcpReply}: HTTP, a reply at the end of the request stream, or a reply per fixed-size
 * request), so one listening port serves every traffic item that reaches it. It closes its side
 * when the client closes (FIN).
 */
public final class TcpServerApp extends BaseServer {
    private final Function<String, TcpReply> replyFor;

    /** Every {@code requestBytes} received on a connection get {@code responseBytes} of filler. */
    public TcpServerApp(SocketLayer sockets, int port, int requestBytes, int responseBytes) {
        this(sockets, port, constant(port, requestBytes, responseBytes));
    }

    /** @param replyFor how to answer a connection of the given flow (never null for a flow) */
    public TcpServerApp(SocketLayer sockets, int port, Function<String, TcpReply> replyFor) {
        super(sockets, port);
        if (replyFor == null) {
            throw new IllegalArgumentException("TCP server on port " + port + " needs to know how to answer");
        }
        this.replyFor = replyFor;
    }

    private static Function<String, TcpReply> constant(int port, int requestBytes, int responseBytes) {
        if (requestBytes < 1 || responseBytes < 0) {
            throw new IllegalArgumentException("TCP server on port " + port + ": request size must be >= 1 and response"
                    + " size >= 0, were " + requestBytes + " and " + responseBytes);
        }
        TcpReply r = new TcpReply.PerRequest(requestBytes, responseBytes);
        return flow -> r;
    }

    /** Starts listening on 0.0.0.0:port. */
    public TcpServerApp start() {
        listen();
        return this;
    }

    @Override
    TcpHandler newHandler(TcpConnection accepted) {
        return handler(this, replyFor.apply(accepted.flow()));
    }

    static TcpHandler handler(BaseServer server, TcpReply reply) {
        if (reply instanceof TcpReply.Http h) {
            return new HttpHandler(server, h.bodyBytes());
        }
        if (reply instanceof TcpReply.AtEndOfRequest e) {
            return new AtEndHandler(server, e.responseBytes());
        }
        if (reply instanceof TcpReply.PerRequest p) {
            return new PerRequestHandler(server, p.requestBytes(), p.responseBytes());
        }
        throw new IllegalArgumentException("no reply for this connection");
    }

    /** HTTP/1.1: answers each complete request (head and body) in order. */
    static final class HttpHandler implements TcpHandler {
        private final BaseServer server;
        private final long bodyBytes;
        private byte[] buf = new byte[256];
        private int len;

        HttpHandler(BaseServer server, long bodyBytes) {
            this.server = server;
            this.bodyBytes = bodyBytes;
        }

        @Override
        public void onData(TcpConnection c, byte[] data) {
            if (len + data.length > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + data.length));
            }
            System.arraycopy(data, 0, buf, len, data.length);
            len += data.length;
            while (c.state().synchronised()) {
                long need = Http.messageLength(buf, len);
                if (need < 0 || len < need) {
                    return;
                }
                int n = (int) need;
                System.arraycopy(buf, n, buf, 0, len - n);
                len -= n;
                byte[] response = server.httpResponse(bodyBytes);
                server.record(new ServedRequest(c.flow(), c.remote(), c.local(), server.sockets.engine().now(), n,
                        response.length));
                c.send(response);
            }
        }

        @Override
        public void onPeerClosed(TcpConnection c) {
            c.close();
        }
    }

    /** Reads the request until the client's FIN, then answers and closes. */
    static final class AtEndHandler implements TcpHandler {
        private final BaseServer server;
        private final long responseBytes;
        private long received;
        private boolean answered;

        AtEndHandler(BaseServer server, long responseBytes) {
            this.server = server;
            this.responseBytes = responseBytes;
        }

        @Override
        public void onData(TcpConnection c, byte[] data) {
            received += data.length;
        }

        @Override
        public void onPeerClosed(TcpConnection c) {
            if (!answered) {
                answered = true;
                server.record(new ServedRequest(c.flow(), c.remote(), c.local(), server.sockets.engine().now(),
                        (int) Math.min(received, Integer.MAX_VALUE), (int) responseBytes));
                if (responseBytes > 0) {
                    c.send(Payloads.filler(responseBytes));
                }
            }
            c.close();
        }
    }

    /** Answers every {@code requestBytes} received with {@code responseBytes}. */
    static final class PerRequestHandler implements TcpHandler {
        private final BaseServer server;
        private final int requestBytes;
        private final int responseBytes;
        private long pending;

        PerRequestHandler(BaseServer server, int requestBytes, int responseBytes) {
            this.server = server;
            this.requestBytes = requestBytes;
            this.responseBytes = responseBytes;
        }

        @Override
        public void onData(TcpConnection c, byte[] data) {
            pending += data.length;
            while (pending >= requestBytes && c.state().synchronised()) {
                pending -= requestBytes;
                server.record(new ServedRequest(c.flow(), c.remote(), c.local(), server.sockets.engine().now(),
                        requestBytes, responseBytes));
                c.send(Payloads.filler(responseBytes));
            }
        }

        @Override
        public void onPeerClosed(TcpConnection c) {
            c.close();
        }
    }
}
