package io.podnet.sim.socket.app;

import io.podnet.sim.socket.SctpAssociation;
import io.podnet.sim.socket.SctpHandler;
import io.podnet.sim.socket.SctpState;
import io.podnet.sim.socket.SocketError;
import io.podnet.sim.socket.SocketLayer;
import java.util.function.Consumer;

/**
 * An SCTP client (a one-to-one socket): sets up an association, sends one message of
 * {@code requestBytes} once it is established, waits for {@code responseBytes} in messages back,
 * then shuts down gracefully (SHUTDOWN). An ABORT during setup (nothing listens) is REFUSED, as
 * Linux's {@code connect} fails with ECONNREFUSED; on an error or the timeout the association is
 * aborted, so no timer outlives the exchange.
 */
public final class SctpClientApp extends BaseClient implements SctpHandler {
    private SctpAssociation association;

    public SctpClientApp(SocketLayer sockets, TrafficSpec spec, Consumer<TrafficResult> onDone) {
        super(sockets, spec, "sctp", onDone);
        if (spec.target().port() == 0) {
            throw new IllegalArgumentException("SCTP traffic '" + spec.flow() + "' needs a destination port");
        }
        if (spec.requestBytes() < 1) {
            throw new IllegalArgumentException("SCTP traffic '" + spec.flow() + "' needs a request of at least 1 byte"
                    + " (SCTP has no empty messages)");
        }
    }

    /** The association, once started. */
    public SctpAssociation association() {
        return association;
    }

    @Override
    protected void begin() {
        SctpAssociation a = sockets.sctpConnect(spec.target(), spec.flow(), this); // may run to its end inside
        association = a;
        local = a.local();
    }

    @Override
    public void onEstablished(SctpAssociation a) {
        association = a;
        connectedNs = now();
        server = a.remote();
        bytesSent = spec.requestBytes();
        a.send(Payloads.filler(spec.requestBytes()));
        if (spec.responseBytes() == 0) {
            finish(Outcome.DELIVERED, null);
        }
    }

    @Override
    public void onMessage(SctpAssociation a, byte[] message) {
        association = a;
        if (isDone()) {
            return;
        }
        markFirstByte();
        bytesReceived += message.length;
        if (bytesReceived >= spec.responseBytes()) {
            finish(Outcome.DELIVERED, null);
        }
    }

    @Override
    public void onPeerShutdown(SctpAssociation a) {
        association = a;
        if (!isDone()) {
            finish(Outcome.REFUSED, "the server shut the association down after " + bytesReceived + " of "
                    + spec.responseBytes() + " response bytes");
        }
    }

    @Override
    public void onError(SctpAssociation a, SocketError error) {
        association = a;
        finish(Outcome.of(error), error.describe(), error);
    }

    @Override
    protected void cleanup(Outcome outcome) {
        if (association == null) {
            return;
        }
        retransmissions = association.retransmissions();
        if (association.state() == SctpState.CLOSED) {
            return;
        }
        if (outcome == Outcome.DELIVERED) {
            association.shutdown();
        } else {
            association.abort();
        }
    }
}
