package io.podnet.sim.socket.app;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.socket.Endpoint;
import io.podnet.sim.socket.PingHandler;
import io.podnet.sim.socket.PingSocket;
import io.podnet.sim.socket.SocketError;
import io.podnet.sim.socket.SocketLayer;
import java.util.function.Consumer;

/**
 * A ping client: one ICMP echo request (sequence 1 unless given) with {@code requestBytes} of payload (ping's
 * default is 56), DELIVERED when the echo reply comes back; an ICMP error makes it DROPPED (or
 * REFUSED for port/protocol unreachable). The result's {@code local} port is the echo identifier.
 */
public final class PingClientApp extends BaseClient implements PingHandler {
    private final int sequence;
    private PingSocket socket;

    public PingClientApp(SocketLayer sockets, TrafficSpec spec, Consumer<TrafficResult> onDone) {
        this(sockets, spec, 1, onDone);
    }

    /** @param sequence the echo sequence number (ping's {@code icmp_seq}; 1 for a first ping) */
    public PingClientApp(SocketLayer sockets, TrafficSpec spec, int sequence, Consumer<TrafficResult> onDone) {
        super(sockets, spec, "icmp", onDone);
        if (sequence < 0) {
            throw new IllegalArgumentException("ping '" + spec.flow() + "': sequence must be >= 0, was " + sequence);
        }
        this.sequence = sequence;
    }

    @Override
    protected void begin() {
        socket = sockets.pingSocket(this);
        Ipv4Address src = sockets.ip().sourceFor(spec.target().address());
        local = new Endpoint(src == null ? Ipv4Address.ANY : src, socket.identifier());
        bytesSent = spec.requestBytes(); // before sending: the answer may arrive inside the send
        if (!socket.send(spec.target().address(), sequence, Payloads.filler(spec.requestBytes()), spec.flow())) {
            finish(Outcome.DROPPED, SocketError.ENETUNREACH.describe());
            return;
        }
    }

    @Override
    public void onReply(PingSocket s, Ipv4Address from, int sequence, byte[] payload) {
        if (isDone() || sequence != this.sequence) {
            return;
        }
        markFirstByte();
        bytesReceived = payload.length;
        server = new Endpoint(from, 0);
        finish(Outcome.DELIVERED, null);
    }

    @Override
    public void onError(PingSocket s, Ipv4Address reporter, int sequence, SocketError error) {
        server = new Endpoint(reporter, 0);
        finish(Outcome.of(error), error.describe() + " reported by " + reporter, error);
    }

    @Override
    protected void cleanup(Outcome outcome) {
        if (socket != null) {
            socket.close();
        }
    }
}
