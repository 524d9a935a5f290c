package io.podnet.sim.socket.app;

import io.podnet.sim.socket.Endpoint;
import io.podnet.sim.socket.SocketLayer;
import io.podnet.sim.socket.TcpConnection;
import io.podnet.sim.socket.TcpHandler;
import io.podnet.sim.socket.TcpListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An HTTP/1.1 server: answers each request (header block ended by a blank line; a request body
 * announced by Content-Length is skipped) with {@code 200 OK} and a body of the size the request's
 * {@link Http#RESPONSE_BYTES_HEADER} asks for, or {@code defaultBodyBytes}. Keeps the connection
 * open (keep-alive) and closes its side when the client closes.
 */
public final class HttpServerApp {
    private final SocketLayer sockets;
    private final int port;
    private final int defaultBodyBytes;
    private final List<ServedRequest> served = new ArrayList<>();
    private TcpListener listener;

    public HttpServerApp(SocketLayer sockets, int port, int defaultBodyBytes) {
        if (defaultBodyBytes < 0) {
            throw new IllegalArgumentException("HTTP server on port " + port + ": body size must be >= 0, was "
                    + defaultBodyBytes);
        }
        this.sockets = sockets;
        this.port = port;
        this.defaultBodyBytes = defaultBodyBytes;
    }

    public HttpServerApp start() {
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

    public List<ServedRequest> served() {
        return Collections.unmodifiableList(served);
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
                served.add(new ServedRequest(c.flow(), c.remote(), c.local(), sockets.engine().now(), end + have,
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
