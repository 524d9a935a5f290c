package io.podnet.sim.socket.app;

import io.podnet.sim.socket.SocketError;
import io.podnet.sim.socket.SocketLayer;
import io.podnet.sim.socket.TcpConnection;
import io.podnet.sim.socket.TcpHandler;
import io.podnet.sim.socket.TcpState;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A TCP client: connects, sends one request, waits for the whole response, then closes (FIN).
 * Plain TCP sends {@code requestBytes} of filler and waits for {@code responseBytes}; HTTP sends a
 * real GET padded to {@code requestBytes} and waits for the header block plus Content-Length body.
 * On an error or the timeout the connection is aborted (RST when synchronised), so no timer of the
 * failed exchange outlives it.
 */
public final class TcpClientApp extends BaseClient implements TcpHandler {
    private final String httpHost;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private long expected = -1;
    private int httpStatus = -1;
    private TcpConnection conn;

    private TcpClientApp(SocketLayer sockets, TrafficSpec spec, String httpHost, Consumer<TrafficResult> onDone) {
        super(sockets, spec, httpHost == null ? "tcp" : "http", onDone);
        this.httpHost = httpHost;
        if (httpHost == null) {
            expected = spec.responseBytes();
        }
        if (spec.target().port() == 0) {
            throw new IllegalArgumentException("TCP traffic '" + spec.flow() + "' needs a destination port");
        }
    }

    public static TcpClientApp tcp(SocketLayer sockets, TrafficSpec spec, Consumer<TrafficResult> onDone) {
        return new TcpClientApp(sockets, spec, null, onDone);
    }

    /** @param host the Host header value (e.g. {@code my-app.default.svc.cluster.local}) */
    public static TcpClientApp http(SocketLayer sockets, TrafficSpec spec, String host, Consumer<TrafficResult> onDone) {
        if (host == null || host.isBlank() || host.contains("\r") || host.contains("\n")) {
            throw new IllegalArgumentException("HTTP traffic '" + spec.flow() + "' needs a Host header value, was '"
                    + host + "'");
        }
        return new TcpClientApp(sockets, spec, host, onDone);
    }

    /** The connection, once started. */
    public TcpConnection connection() {
        return conn;
    }

    @Override
    protected void begin() {
        conn = sockets.connect(spec.target(), spec.flow(), this);
        local = conn.local();
    }

    @Override
    public void onConnected(TcpConnection c) {
        connectedNs = now();
        server = c.remote();
        byte[] request = httpHost != null ? Http.request(httpHost, spec.requestBytes(), spec.responseBytes())
                : Payloads.pattern(spec.requestBytes());
        bytesSent = request.length;
        c.send(request);
        if (expected == 0) {
            finish(Outcome.DELIVERED, null);
        }
    }

    @Override
    public void onData(TcpConnection c, byte[] data) {
        if (isDone()) {
            return;
        }
        markFirstByte();
        bytesReceived += data.length;
        if (httpHost != null && expected < 0) {
            head.writeBytes(data);
            byte[] b = head.toByteArray();
            int end = Http.headerEnd(b, b.length);
            if (end < 0) {
                return;
            }
            String h = new String(b, 0, end, StandardCharsets.ISO_8859_1);
            httpStatus = Http.status(h);
            expected = end + Http.intHeader(h, "Content-Length", 0);
            head.reset();
        }
        if (expected >= 0 && bytesReceived >= expected) {
            finish(Outcome.DELIVERED, httpStatus < 0 || httpStatus == 200 ? null : "HTTP status " + httpStatus);
        }
    }

    @Override
    public void onPeerClosed(TcpConnection c) {
        if (!isDone()) {
            finish(Outcome.REFUSED, "the server closed the connection after " + bytesReceived + " of "
                    + (expected < 0 ? "?" : expected) + " response bytes");
        }
    }

    @Override
    public void onError(TcpConnection c, SocketError error) {
        finish(Outcome.of(error), error.describe());
    }

    @Override
    protected void cleanup(Outcome outcome) {
        if (conn == null) {
            return;
        }
        retransmissions = conn.retransmissions();
        if (conn.state() == TcpState.CLOSED) {
            return;
        }
        if (outcome == Outcome.DELIVERED || conn.state() == TcpState.CLOSE_WAIT) {
            conn.close();
        } else {
            conn.abort();
        }
    }
}
