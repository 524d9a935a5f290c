package io.podnet.sim.socket.app.dns;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.socket.Endpoint;
import io.podnet.sim.socket.SocketLayer;
import io.podnet.sim.socket.UdpSocket;
import io.podnet.sim.socket.app.ServedRequest;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.Tracer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * A DNS server on UDP (port 53) answering from a {@link DnsZone}, as a CoreDNS pod does for the
 * cluster domain. Each answer is one datagram in the query's flow; a NOTE trace event gives its
 * summary. Datagrams that are not DNS queries get no answer (a message with a readable header gets
 * FORMERR, as CoreDNS answers).
 */
public final class DnsServerApp {
    private final SocketLayer sockets;
    private final Supplier<DnsZone> zone;
    private final int port;
    private final List<ServedRequest> served = new ArrayList<>();
    private UdpSocket socket;

    /**
     * @param sockets the server pod's socket layer
     * @param zone    the zone as of now (called per query, so that changes during a run are seen)
     * @param port    53
     */
    public DnsServerApp(SocketLayer sockets, Supplier<DnsZone> zone, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("DNS server port must be 1..65535, was " + port);
        }
        this.sockets = sockets;
        this.zone = zone;
        this.port = port;
    }

    public DnsServerApp start() {
        socket = sockets.udpBind(Ipv4Address.ANY, port, (s, from, to, data, flow) -> {
            DnsMessage query;
            try {
                query = DnsMessage.decode(data);
            } catch (IllegalArgumentException e) {
                if (data.length >= DnsMessage.HEADER_LENGTH) {
                    int id = ((data[0] & 0xff) << 8) | (data[1] & 0xff);
                    byte[] formerr = new DnsMessage(id, true, 0, false, false, false, true, DnsMessage.FORMERR,
                            List.of(), List.of(), List.of(), List.of()).encode();
                    note(flow, "DNS server " + to + ":" + port + " cannot read the query from " + from + " (" + e.getMessage()
                            + "): FORMERR");
                    s.sendTo(from, formerr, flow);
                }
                return;
            }
            DnsMessage response = zone.get().respond(query);
            byte[] out = response.encode();
            served.add(new ServedRequest(flow, from, new Endpoint(to, port), sockets.engine().now(), data.length, out.length));
            note(flow, "DNS server " + to + ":" + port + " answers " + from + ": " + response.summary());
            s.sendTo(from, out, flow);
        });
        return this;
    }

    private void note(String flow, String text) {
        Tracer t = sockets.ip().tracer();
        if (t.enabled()) {
            t.emit(-1, flow, sockets.namespace(), null, EventKind.NOTE, text, null, null, new Decision.Socket("DNS", text));
        }
    }

    public void stop() {
        if (socket != null) {
            socket.close();
        }
    }

    public List<ServedRequest> served() {
        return Collections.unmodifiableList(served);
    }
}
