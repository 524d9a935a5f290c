package io.podnet.sim.socket.app;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.socket.Endpoint;
import io.podnet.sim.socket.SocketError;
import io.podnet.sim.socket.SocketLayer;
import io.podnet.sim.socket.UdpHandler;
import io.podnet.sim.socket.UdpSocket;
import java.util.function.Consumer;

/**
 * A UDP client: sends one datagram of {@code requestBytes} from an ephemeral port and waits for
 * one datagram back. ICMP errors are reported as on a connected socket (port unreachable →
 * REFUSED). A reply from another source than the target is accepted and its source reported as
 * {@code server}, so a missing reverse NAT is visible in the result.
 */
public final class UdpClientApp extends BaseClient implements UdpHandler {
    private UdpSocket socket;

    public UdpClientApp(SocketLayer sockets, TrafficSpec spec, Consumer<TrafficResult> onDone) {
        super(sockets, spec, "udp", onDone);
        if (spec.target().port() == 0) {
            throw new IllegalArgumentException("UDP traffic '" + spec.flow() + "' needs a destination port");
        }
        if (spec.requestBytes() > 65507) {
            throw new IllegalArgumentException("UDP traffic '" + spec.flow() + "': request of " + spec.requestBytes()
                    + " bytes exceeds the 65507-byte datagram limit");
        }
    }

    @Override
    protected void begin() {
        socket = sockets.udpOpen(this);
        Ipv4Address src = sockets.ip().sourceFor(spec.target().address());
        local = new Endpoint(src == null ? Ipv4Address.ANY : src, socket.local().port());
        bytesSent = spec.requestBytes(); // before sending: the answer may arrive inside the send
        if (!socket.sendTo(spec.target(), Payloads.filler(spec.requestBytes()), spec.flow())) {
            finish(Outcome.DROPPED, SocketError.ENETUNREACH.describe());
            return;
        }
    }

    @Override
    public void onDatagram(UdpSocket s, Endpoint from, Ipv4Address to, byte[] data, String flow) {
        if (isDone()) {
            return;
        }
        markFirstByte();
        bytesReceived += data.length;
        server = from;
        finish(Outcome.DELIVERED, null);
    }

    @Override
    public void onError(UdpSocket s, Endpoint remote, SocketError error) {
        finish(Outcome.of(error), error.describe(), error);
    }

    @Override
    protected void cleanup(Outcome outcome) {
        if (socket != null) {
            socket.close();
        }
    }
}
