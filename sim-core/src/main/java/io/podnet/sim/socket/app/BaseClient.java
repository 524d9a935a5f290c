package io.podnet.sim.socket.app;

import io.podnet.sim.engine.Durations;
import io.podnet.sim.engine.EventHandle;
import io.podnet.sim.socket.Endpoint;
import io.podnet.sim.socket.SocketError;
import io.podnet.sim.socket.SocketLayer;
import java.util.function.Consumer;

/**
 * Result bookkeeping shared by the clients: times, byte counts, the timeout, one result. The
 * timeout is armed right after the client opened its socket and sent (so a kernel timer armed by
 * the send at the same instant, e.g. a SYN's retransmission, runs first, as it was set first).
 */
abstract class BaseClient implements TrafficClient {
    protected final SocketLayer sockets;
    protected final TrafficSpec spec;
    private final String protocol;
    private final Consumer<TrafficResult> onDone;
    protected long startNs = -1;
    protected long connectedNs = -1;
    protected long firstByteNs = -1;
    protected long bytesSent;
    protected long bytesReceived;
    protected Endpoint server;
    protected Endpoint local;
    protected int retransmissions;
    private EventHandle timer;
    private TrafficResult result;

    BaseClient(SocketLayer sockets, TrafficSpec spec, String protocol, Consumer<TrafficResult> onDone) {
        if (sockets == null || spec == null) {
            throw new IllegalArgumentException("a client needs a socket layer and a traffic spec");
        }
        this.sockets = sockets;
        this.spec = spec;
        this.protocol = protocol;
        this.onDone = onDone;
    }

    @Override
    public final void start() {
        if (startNs >= 0) {
            throw new IllegalStateException("client for '" + spec.flow() + "' was already started");
        }
        startNs = sockets.engine().now();
        begin();
        if (result == null) {
            timer = sockets.engine().at(startNs + spec.timeoutNs(), () -> finish(Outcome.TIMEOUT,
                    "no complete response within " + Durations.format(spec.timeoutNs())));
        }
    }

    @Override
    public final TrafficResult result() {
        return result;
    }

    /** Opens the socket and sends. */
    protected abstract void begin();

    /** Releases the socket: gracefully after DELIVERED, abortively otherwise. */
    protected abstract void cleanup(Outcome outcome);

    protected final long now() {
        return sockets.engine().now();
    }

    protected final void markFirstByte() {
        if (firstByteNs < 0) {
            firstByteNs = now();
        }
    }

    protected final void finish(Outcome outcome, String error) {
        finish(outcome, error, null);
    }

    /** Decides the outcome once: cancels the timeout, releases the socket, reports. */
    protected final void finish(Outcome outcome, String error, SocketError socketError) {
        if (result != null) {
            return;
        }
        if (timer != null) {
            sockets.engine().cancel(timer);
        }
        cleanup(outcome);
        result = new TrafficResult(spec.flow(), protocol, sockets.namespace(), outcome, error, startNs, connectedNs,
                firstByteNs, now(), bytesSent, bytesReceived, server, local, retransmissions, socketError);
        if (onDone != null) {
            onDone.accept(result);
        }
    }
}
