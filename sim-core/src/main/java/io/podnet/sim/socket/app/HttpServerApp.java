package io.podnet.sim.socket.app;

import io.podnet.sim.socket.SocketLayer;
import io.podnet.sim.socket.TcpConnection;
import io.podnet.sim.socket.TcpHandler;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 server: answers each request (header block ended by a blank line; a request body
 * announced by Content-Length is skipped) with {@code 200 OK} and a body of the size the request's
 * {@link Http#RESPONSE_BYTES_HEADER} asks for, or {@code defaultBodyBytes}. Keeps the connection
 * open (keep-alive) and closes its side when the client closes.
 */
public final class HttpServerApp extends BaseServer {
    private final int defaultBodyBytes;

    public HttpServerApp(SocketLayer sockets, int port, int defaultBodyBytes) {
        super(sockets, port);
        if (defaultBodyBytes < 0) {
            throw new IllegalArgumentException("HTTP server on port " + port + ": body size must be >= 0, was "
                    + defaultBodyBytes);
        }
        this.defaultBodyBytes = defaultBodyBytes;
    }

    /** Starts listening on 0.0.0.0:port. */
    public HttpServerApp start() {
        listen();
        return this;
    }

    @Override
    TcpHandler newHandler() {
        return new Handler();
    }

    private final class Handler implements TcpHandler {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private long skipBody;

        @Override
        public void onData(TcpConnection c, byte[] data) {
            int from = 0;
            if (skipBody > 0) {
                int n = (int) Math.min(skipBody, data.length);
                skipBody -= n;
                from = n;
            }
            buf.write(data, from, data.length - from);
            while (c.state().synchronised()) {
                byte[] b = buf.toByteArray();
                int end = Http.headerEnd(b, b.length);
                if (end < 0) {
                    return;
                }
                String head = new String(b, 0, end, StandardCharsets.ISO_8859_1);
                long body = Http.intHeader(head, "Content-Length", 0);
                int have = (int) Math.min(body, b.length - end);
                skipBody = body - have;
                buf.reset();
                buf.write(b, end + have, b.length - end - have);
                long want = Http.intHeader(head, Http.RESPONSE_BYTES_HEADER, defaultBodyBytes);
                int size = (int) Math.min(want, 1 << 30);
                byte[] response = Http.response(size);
                record(new ServedRequest(c.flow(), c.remote(), c.local(), sockets.engine().now(), end + have,
                        response.length));
                c.send(response);
            }
        }

        @Override
        public void onPeerClosed(TcpConnection c) {
            c.close();
        }
    }
}
