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
 * A TCP client: connects and sends one request.
 * <ul>
 *   <li>Plain TCP sends {@code requestBytes} of filler and half-closes at once ({@code shutdown(SHUT_WR)}:
 *       the FIN ends the request, as {@code nc -N} does); the response is complete once
 *       {@code responseBytes} arrived, or, for an empty response, when the server's FIN arrives.</li>
 *   <li>HTTP sends {@link Payloads#httpRequest} ({@code GET /}, or {@code POST /} with a body of
 *       {@code requestBytes}) and waits for the header block plus the Content-Length body
 *       (RFC 9112 section 6), then closes (FIN).</li>
 * </ul>
 * The server's FIN before the whole response is REFUSED. On an error or the timeout the connection
 * is aborted (RST when synchronised), so no timer of the failed exchange outlives it.
 */
public final class TcpClientApp extends BaseClient implements TcpHandler {
    private final String httpHost;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private long expected = -1;
    private int httpStatus = -1;
    private boolean halfClosed;
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

    /** @param host the Host header value (e.g. {@code my-app}, or {@code my-app:8080} off port 80) */
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
        // The exchange may run to its end inside connect() (the simulated path is synchronous within
        // an event), so every callback also takes the connection it is about.
        TcpConnection c = sockets.connect(spec.target(), spec.flow(), this);
        conn = c;
        local = c.local();
    }

    @Override
    public void onConnected(TcpConnection c) {
        conn = c;
        connectedNs = now();
        server = c.remote();
        byte[] request = httpHost != null ? Payloads.httpRequest(httpHost, spec.requestBytes())
                : Payloads.filler(spec.requestBytes());
        bytesSent = request.length; // before sending: the answer may arrive inside send()
        c.send(request);
        if (httpHost == null) {
            halfClosed = true;
            c.close(); // the request is sent: half-close, the server answers and closes
        }
    }

    @Override
    public void onData(TcpConnection c, byte[] data) {
        conn = c;
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
        conn = c;
        if (isDone()) {
            return;
        }
        if (httpHost == null && bytesReceived >= expected) {
            finish(Outcome.DELIVERED, null); // an empty (or exactly complete) response ends with the server's FIN
            return;
        }
        finish(Outcome.REFUSED, "the server closed the connection after " + bytesReceived + " of "
                + (expected < 0 ? "?" : expected) + " response bytes");
    }

    @Override
    public void onError(TcpConnection c, SocketError error) {
        conn = c;
        finish(Outcome.of(error), error.describe(), error);
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
        if (outcome == Outcome.DELIVERED || outcome == Outcome.REFUSED && conn.state() == TcpState.CLOSE_WAIT) {
            if (!halfClosed) {
                conn.close();
            }
        } else {
            conn.abort();
        }
    }
}
