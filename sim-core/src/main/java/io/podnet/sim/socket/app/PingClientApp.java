package io.podnet.sim.socket.app;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.socket.Endpoint;
import io.podnet.sim.socket.PingHandler;
import io.podnet.sim.socket.PingSocket;
import io.podnet.sim.socket.SocketError;
import io.podnet.sim.socket.SocketLayer;
import java.util.function.Consumer;

/**
 * A ping client: one ICMP echo request (sequence 1) with {@code requestBytes} of payload (ping's
 * default is 56), DELIVERED when the echo reply comes back; an ICMP error makes it DROPPED (or
 * REFUSED for port/protocol unreachable). The result's {@code local} port is the echo identifier.
 */
public final class PingClientApp extends BaseClient implements PingHandler {
    private PingSocket socket;

    public PingClientApp(SocketLayer sockets, TrafficSpec spec, Consumer<TrafficResult> onDone) {
        super(sockets, spec, "icmp", onDone);
    }

    @Override
    protected void begin() {
        socket = sockets.pingSocket(this);
        Ipv4Address src = sockets.ip().sourceFor(spec.target().address());
        local = new Endpoint(src == null ? Ipv4Address.ANY : src, socket.identifier());
        if (!socket.send(spec.target().address(), 1, Payloads.pattern(spec.requestBytes()), spec.flow())) {
            finish(Outcome.DROPPED, SocketError.ENETUNREACH.describe());
            return;
        }
        bytesSent = spec.requestBytes();
    }

    @Override
    public void onReply(PingSocket s, Ipv4Address from, int sequence, byte[] payload) {
        if (isDone() || sequence != 1) {
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
        finish(Outcome.of(error), error.describe() + " reported by " + reporter);
    }

    @Override
    protected void cleanup(Outcome outcome) {
        if (socket != null) {
            socket.close();
        }
    }
}
