package io.podnet.sim.socket.app;

import io.podnet.sim.socket.Endpoint;
import io.podnet.sim.socket.SctpAssociation;
import io.podnet.sim.socket.SctpHandler;
import io.podnet.sim.socket.SctpListener;
import io.podnet.sim.socket.SctpState;
import io.podnet.sim.socket.SocketLayer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An SCTP server: listens on a port and answers every {@code requestBytes} received on an
 * association with one message of {@code responseBytes} of filler (none when 0); the association
 * shuts down when the client shuts it down.
 */
public final class SctpServerApp {
    private final SocketLayer sockets;
    private final int port;
    private final int requestBytes;
    private final int responseBytes;
    private final List<ServedRequest> served = new ArrayList<>();
    private SctpListener listener;

    public SctpServerApp(SocketLayer sockets, int port, int requestBytes, int responseBytes) {
        if (sockets == null) {
            throw new IllegalArgumentException("an SCTP server needs a socket layer");
        }
        if (requestBytes < 1 || responseBytes < 0) {
            throw new IllegalArgumentException("SCTP server on port " + port + ": request size must be >= 1 and response"
                    + " size >= 0, were " + requestBytes + " and " + responseBytes);
        }
        this.sockets = sockets;
        this.port = port;
        this.requestBytes = requestBytes;
        this.responseBytes = responseBytes;
    }

    /** Starts listening on 0.0.0.0:port. */
    public SctpServerApp start() {
        listener = sockets.sctpListen(port, a -> new Handler());
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

    private final class Handler implements SctpHandler {
        private long pending;

        @Override
        public void onMessage(SctpAssociation a, byte[] message) {
            pending += message.length;
            while (pending >= requestBytes && a.state() == SctpState.ESTABLISHED) {
                pending -= requestBytes;
                served.add(new ServedRequest(a.flow(), a.remote(), a.local(), sockets.engine().now(), requestBytes,
                        responseBytes));
                if (responseBytes > 0) {
                    a.send(Payloads.pattern(responseBytes));
                }
            }
        }
    }
}
