package io.podnet.sim.socket.app;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.socket.Endpoint;
import io.podnet.sim.socket.SocketLayer;
import io.podnet.sim.socket.UdpSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A UDP request/response server: answers each datagram with one datagram of the response size
 * given for its flow (or echoes it when that size is -1). The socket is bound to 0.0.0.0, so, as on Linux,
 * the reply's source is the address the route back selects.
 */
public final class UdpServerApp {
    private final SocketLayer sockets;
    private final int port;
    private final java.util.function.ToLongFunction<String> responseBytesFor;
    private final List<ServedRequest> served = new ArrayList<>();
    private UdpSocket socket;

    public UdpServerApp(SocketLayer sockets, int port, int responseBytes) {
        if (responseBytes < -1 || responseBytes > 65507) {
            throw new IllegalArgumentException("UDP server on port " + port + ": response size must be -1 (echo) or"
                    + " 0..65507, was " + responseBytes);
        }
        this.sockets = sockets;
        this.port = port;
        this.responseBytesFor = flow -> responseBytes;
    }

    /** @param responseBytesFor the response size for a datagram of the given flow (-1: echo it) */
    public UdpServerApp(SocketLayer sockets, int port, java.util.function.ToLongFunction<String> responseBytesFor) {
        this.sockets = sockets;
        this.port = port;
        this.responseBytesFor = responseBytesFor;
    }

    /** An echo server. */
    public static UdpServerApp echo(SocketLayer sockets, int port) {
        return new UdpServerApp(sockets, port, -1);
    }

    public UdpServerApp start() {
        socket = sockets.udpBind(Ipv4Address.ANY, port, (s, from, to, data, flow) -> {
            long size = responseBytesFor.applyAsLong(flow);
            byte[] out = size < 0 ? data : Payloads.filler(size);
            served.add(new ServedRequest(flow, from, new Endpoint(to, port), sockets.engine().now(), data.length,
                    out.length));
            s.sendTo(from, out, flow);
        });
        return this;
    }

    public void stop() {
        if (socket != null) {
            socket.close();
        }
    }

    public Endpoint local() {
        return socket == null ? null : socket.local();
    }

    public List<ServedRequest> served() {
        return Collections.unmodifiableList(served);
    }
}
