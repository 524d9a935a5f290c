package io.podnet.sim.bgp;

import io.podnet.sim.engine.Engine;
import io.podnet.sim.net.Ipv4Address;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongBiFunction;

/**
 * A transport that delivers bytes after a one-way latency computed per pair of addresses, with no
 * packets. A connection to an address nobody listens on, or to a failed address, fails after a
 * connect timeout (a SYN that is never answered); a failed address stops delivering (its peers
 * notice only through their hold timers, as when a node loses power).
 */
public final class DirectTransport implements BgpTransport {
    private final Engine engine;
    private final ToLongBiFunction<Ipv4Address, Ipv4Address> latency;
    private final long connectTimeoutNanos;
    private final Map<Ipv4Address, Acceptor> listeners = new HashMap<>();
    private final Set<Ipv4Address> down = new HashSet<>();

    public DirectTransport(Engine engine, ToLongBiFunction<Ipv4Address, Ipv4Address> latency, long connectTimeoutNanos) {
        this.engine = engine;
        this.latency = latency;
        this.connectTimeoutNanos = connectTimeoutNanos;
    }

    @Override
    public void listen(Ipv4Address address, Acceptor acceptor) {
        listeners.put(address, acceptor);
    }

    /** Takes an address off the network (node failure): nothing to or from it arrives any more. */
    public void fail(Ipv4Address address) {
        down.add(address);
    }

    public void restore(Ipv4Address address) {
        down.remove(address);
    }

    public boolean isDown(Ipv4Address a) {
        return down.contains(a);
    }

    @Override
    public void connect(Ipv4Address local, Ipv4Address remote, Handler handler) {
        long oneWay = latency.applyAsLong(local, remote);
        engine.schedule(oneWay, () -> {
            Acceptor acc = listeners.get(remote);
            if (down.contains(remote) || down.contains(local) || acc == null) {
                engine.schedule(Math.max(0, connectTimeoutNanos - oneWay), () -> handler.onFailed("connection timed out"));
                return;
            }
            Handler server = acc.accept(local);
            if (server == null) {
                engine.schedule(oneWay, () -> handler.onFailed("connection refused"));
                return;
            }
            Pipe p = new Pipe(local, remote, handler, server, oneWay);
            // SYN arrived; SYN-ACK back, ACK forward: client connected after 2 one-way delays, server after 3.
            engine.schedule(oneWay, () -> handler.onConnected(p.clientEnd));
            engine.schedule(2 * oneWay, () -> server.onConnected(p.serverEnd));
        });
    }

    private final class Pipe {
        final End clientEnd;
        final End serverEnd;

        Pipe(Ipv4Address client, Ipv4Address server, Handler ch, Handler sh, long oneWay) {
            clientEnd = new End(client, server, oneWay);
            serverEnd = new End(server, client, oneWay);
            clientEnd.peerHandler = sh;
            serverEnd.peerHandler = ch;
            clientEnd.peer = serverEnd;
            serverEnd.peer = clientEnd;
        }
    }

    private final class End implements Connection {
        final Ipv4Address self;
        final Ipv4Address remote;
        final long oneWay;
        Handler peerHandler;
        End peer;
        boolean closed;

        End(Ipv4Address self, Ipv4Address remote, long oneWay) {
            this.self = self;
            this.remote = remote;
            this.oneWay = oneWay;
        }

        @Override
        public void send(byte[] data) {
            if (closed || down.contains(self)) {
                return;
            }
            byte[] copy = data.clone();
            engine.schedule(oneWay, () -> {
                if (!peer.closed && !down.contains(remote) && !down.contains(self)) {
                    peerHandler.onData(copy);
                }
            });
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (down.contains(self)) {
                return;
            }
            engine.schedule(oneWay, () -> {
                if (!peer.closed && !down.contains(remote)) {
                    peer.closed = true;
                    peerHandler.onClosed("peer closed the connection");
                }
            });
        }

        @Override
        public Ipv4Address remote() {
            return remote;
        }
    }
}
