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
 * association with one message of {@code responseBytes} of filler (none when 0), the sizes given
 * for the association's flow (a flow without sizes is echoed: each message answered with as many
 * bytes); the association shuts down when the client shuts it down.
 */
public final class SctpServerApp {
    private final SocketLayer sockets;
    private final int port;
    private final java.util.function.Function<String, Reply> replyFor;
    private final List<ServedRequest> served = new ArrayList<>();
    private SctpListener listener;

    /** The sizes of one flow's exchange: a request of {@code requestBytes} gets {@code responseBytes}. */
    public record Reply(long requestBytes, long responseBytes) {
        public Reply {
            if (requestBytes < 1 || responseBytes < 0) {
                throw new IllegalArgumentException("SCTP request size must be >= 1 and response size >= 0, were "
                        + requestBytes + " and " + responseBytes);
            }
        }
    }

    public SctpServerApp(SocketLayer sockets, int port, int requestBytes, int responseBytes) {
        this(sockets, port, constant(port, requestBytes, responseBytes));
    }

    /** @param replyFor the sizes for an association of the given flow, or null to echo its messages */
    public SctpServerApp(SocketLayer sockets, int port, java.util.function.Function<String, Reply> replyFor) {
        if (sockets == null) {
            throw new IllegalArgumentException("an SCTP server needs a socket layer");
        }
        this.sockets = sockets;
        this.port = port;
        this.replyFor = replyFor;
    }

    private static java.util.function.Function<String, Reply> constant(int port, int requestBytes, int responseBytes) {
        if (requestBytes < 1 || responseBytes < 0) {
            throw new IllegalArgumentException("SCTP server on port " + port + ": request size must be >= 1 and response"
                    + " size >= 0, were " + requestBytes + " and " + responseBytes);
        }
        Reply r = new Reply(requestBytes, responseBytes);
        return flow -> r;
    }

    /** Starts listening on 0.0.0.0:port. */
    public SctpServerApp start() {
        listener = sockets.sctpListen(port, a -> new Handler(replyFor.apply(a.flow())));
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
        private final Reply reply;
        private long pending;

        Handler(Reply reply) {
            this.reply = reply;
        }

        @Override
        public void onMessage(SctpAssociation a, byte[] message) {
            pending += message.length;
            long request = reply == null ? message.length : reply.requestBytes();
            long response = reply == null ? message.length : reply.responseBytes();
            while (pending >= request && request > 0 && a.state() == SctpState.ESTABLISHED) {
                pending -= request;
                served.add(new ServedRequest(a.flow(), a.remote(), a.local(), sockets.engine().now(), (int) request,
                        (int) response));
                if (response > 0) {
                    a.send(Payloads.filler(response));
                }
            }
        }
    }
}
