package io.podnet.sim.stack.bgp;

import io.podnet.sim.bgp.BgpTransport;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.socket.Endpoint;
import io.podnet.sim.socket.SocketError;
import io.podnet.sim.socket.SocketLayer;
import io.podnet.sim.socket.TcpConnection;
import io.podnet.sim.socket.TcpHandler;
import io.podnet.sim.socket.TcpState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * BGP sessions over the simulated TCP of each speaker's namespace: every OPEN, UPDATE, KEEPALIVE
 * and NOTIFICATION is a real TCP segment to or from port 179 on the underlay, so it appears in the
 * trace and in pcap files (tshark decodes BGP on 179), takes its place in link queues, and stops
 * when a node fails. A speaker listens on {@code 0.0.0.0:179} of its namespace and tells incoming
 * connections apart by their source address, as BIRD does. Connections carry no traffic-item flow.
 */
public final class TcpBgpTransport implements BgpTransport {
    /** The BGP port. */
    public static final int PORT = 179;

    private final Map<Ipv4Address, SocketLayer> layers = new LinkedHashMap<>();
    private final Map<Ipv4Address, Integer> listenPorts = new LinkedHashMap<>();
    /** Port of each neighbour, by "local router id > neighbour address". */
    private final Map<String, Integer> peerPorts = new LinkedHashMap<>();

    /** Declares that the speaker identified by {@code routerId} runs over {@code layer}, listening on 179. */
    public void register(Ipv4Address routerId, SocketLayer layer) {
        register(routerId, layer, PORT);
    }

    /** Declares that the speaker identified by {@code routerId} runs over {@code layer}, listening on {@code port}. */
    public void register(Ipv4Address routerId, SocketLayer layer, int port) {
        if (routerId == null || layer == null) {
            throw new IllegalArgumentException("register needs a router id and a socket layer");
        }
        layers.put(routerId, layer);
        listenPorts.put(routerId, port);
    }

    /** The speaker {@code routerId} connects to {@code neighbour} on {@code port} (179 unless set). */
    public void peerPort(Ipv4Address routerId, Ipv4Address neighbour, int port) {
        peerPorts.put(routerId + ">" + neighbour, port);
    }

    private SocketLayer layer(Ipv4Address routerId) {
        SocketLayer l = layers.get(routerId);
        if (l == null) {
            throw new IllegalArgumentException("no socket layer registered for BGP speaker " + routerId);
        }
        return l;
    }

    @Override
    public void listen(Ipv4Address address, Acceptor acceptor) {
        SocketLayer l = layer(address);
        l.listen(Ipv4Address.ANY, listenPorts.getOrDefault(address, PORT), conn -> {
            Handler h = acceptor.accept(conn.remote().address());
            if (h == null) {
                return new TcpHandler() {
                    @Override
                    public void onConnected(TcpConnection c) {
                        c.abort(); // the session is busy or unknown: refuse (RST)
                    }
                };
            }
            return new Adapter(h);
        });
    }

    @Override
    public void connect(Ipv4Address local, Ipv4Address remote, Handler handler) {
        layer(local).connect(new Endpoint(remote, peerPorts.getOrDefault(local + ">" + remote, PORT)), null,
                new Adapter(handler));
    }

    /** Turns TCP callbacks into the transport's. */
    private static final class Adapter implements TcpHandler {
        private final Handler handler;
        private boolean connected;
        private boolean done;

        Adapter(Handler handler) {
            this.handler = handler;
        }

        @Override
        public void onConnected(TcpConnection c) {
            connected = true;
            handler.onConnected(new Conn(c));
        }

        @Override
        public void onData(TcpConnection c, byte[] data) {
            if (!done) {
                handler.onData(data);
            }
        }

        @Override
        public void onPeerClosed(TcpConnection c) {
            if (!done) {
                done = true;
                c.close();
                handler.onClosed("the peer closed the TCP connection");
            }
        }

        @Override
        public void onError(TcpConnection c, SocketError error) {
            if (done) {
                return;
            }
            done = true;
            if (connected) {
                handler.onClosed(error.describe());
            } else {
                handler.onFailed(error.describe());
            }
        }
    }

    /** One established TCP connection as the session sees it. */
    private static final class Conn implements Connection {
        private final TcpConnection tcp;

        Conn(TcpConnection tcp) {
            this.tcp = tcp;
        }

        @Override
        public void send(byte[] data) {
            TcpState s = tcp.state();
            if (s == TcpState.ESTABLISHED || s == TcpState.CLOSE_WAIT) {
                tcp.send(data);
            }
        }

        @Override
        public void close() {
            tcp.close();
        }

        @Override
        public Ipv4Address remote() {
            return tcp.remote().address();
        }
    }
}
