package io.podnet.sim.stack.bgp;

import io.podnet.sim.bgp.BgpConfig;
import io.podnet.sim.bgp.BgpSession;
import io.podnet.sim.bgp.BgpSpeaker;
import io.podnet.sim.bgp.BgpTransport;
import io.podnet.sim.bgp.DirectTransport;
import io.podnet.sim.config.BgpDaemonConfig;
import io.podnet.sim.engine.Durations;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.socket.SocketLayer;
import io.podnet.sim.stack.NetNamespace;
import io.podnet.sim.stack.Route;
import io.podnet.sim.stack.SimNetwork;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The BGP daemons of a simulated network ({@code NetworkConfig.bgp()}) running under the engine:
 * one {@link BgpSpeaker} per daemon, in the daemon's namespace, whose best routes a
 * {@link KernelRouteSink} programs into that namespace's routing table ({@code proto bird}).
 *
 * <p>Sessions run over the simulated TCP of each namespace ({@link Transport#TCP}, the default:
 * OPEN/UPDATE/KEEPALIVE are packets on the underlay, in the trace and the pcap) or, for very large
 * meshes, over a {@link DirectTransport} that delivers bytes after a fixed latency with no packets.
 *
 * <p>Failures: {@link #failNode} takes a node down — its namespace and its pods' namespaces stop
 * sending and receiving, its speaker crashes without a word — so its peers notice only when their
 * hold timers expire, withdraw its routes and converge. {@link #convergence()} measures the time
 * from the last failure to the last route change it caused, in simulated time.
 *
 * <p>Typical use, after the network is built and the socket layers are attached:
 * <pre>
 *   BgpRuntime bgp = BgpRuntime.start(net, sockets::get, randoms, BgpRuntime.Options.DEFAULT);
 *   engine.runUntil(30 * Durations.S);            // sessions establish, routes are installed
 *   bgp.failNodeAt(60 * Durations.S, "node3");
 *   engine.runUntil(400 * Durations.S);
 *   BgpRuntime.Convergence c = bgp.convergence(); // c.nanos(): failure to last route change
 * </pre>
 */
public final class BgpRuntime {
    /** How sessions reach each other. */
    public enum Transport {
        /** Real TCP segments to port 179 through each namespace's socket layer. */
        TCP,
        /** A {@link DirectTransport}: bytes after a fixed one-way latency, no packets. */
        DIRECT
    }

    /**
     * @param transport          how sessions are carried
     * @param directLatencyNanos one-way latency of the {@link Transport#DIRECT} transport
     * @param errorWaitNanos     wait after a session error before reconnecting (BIRD under Calico: 5 s)
     */
    public record Options(Transport transport, long directLatencyNanos, long errorWaitNanos) {
        public static final Options DEFAULT = new Options(Transport.TCP, 100 * Durations.US, 5 * Durations.S);

        public Options {
            if (transport == null) {
                throw new IllegalArgumentException("BgpRuntime.Options needs a transport (TCP or DIRECT)");
            }
            if (directLatencyNanos < 0 || errorWaitNanos < 0) {
                throw new IllegalArgumentException("latency and error wait must be >= 0, were " + directLatencyNanos
                        + " and " + errorWaitNanos);
            }
        }

        public Options withTransport(Transport t) {
            return new Options(t, directLatencyNanos, errorWaitNanos);
        }
    }

    /** One route the daemons added, replaced or removed. */
    public record RouteChange(long time, String namespace, Ipv4Prefix prefix, String change) {}

    /**
     * The effect of a node failure: {@code nanos} from the failure to the last route change after it
     * (-1 when no route changed, e.g. the node announced nothing or the hold timers have not
     * expired yet), and how many route changes there were.
     */
    public record Convergence(String failedNode, long failedAt, long lastChangeAt, long nanos, int routeChanges) {
        public boolean converged() {
            return nanos >= 0;
        }

        @Override
        public String toString() {
            return converged() ? failedNode + " failed at " + Durations.format(failedAt) + ": " + routeChanges
                    + " route changes, the last " + Durations.format(nanos) + " later"
                    : failedNode + " failed at " + Durations.format(failedAt) + ": no route changed yet";
        }
    }

    /** Protocol timeout of a TCP connect to a dead peer (Linux: 6 SYN retries, 127 s). */
    static final long CONNECT_TIMEOUT = 127 * Durations.S;

    private final SimNetwork net;
    private final Engine engine;
    private final Options options;
    private final Map<String, BgpSpeaker> speakers = new LinkedHashMap<>();
    private final Map<String, BgpDaemonConfig> daemons = new LinkedHashMap<>();
    private final List<RouteChange> changes = new ArrayList<>();
    private final DirectTransport direct;
    private String failedNode;
    private long failedAt = -1;

    private BgpRuntime(SimNetwork net, Options options) {
        this.net = net;
        this.engine = net.engine();
        this.options = options;
        this.direct = options.transport() == Transport.DIRECT
                ? new DirectTransport(engine, (a, b) -> options.directLatencyNanos(), CONNECT_TIMEOUT) : null;
    }

    /**
     * Creates and starts a speaker for every daemon of {@code net.config().bgp()}. {@code sockets}
     * gives the socket layer already attached to a namespace (or null: one is made from
     * {@code randoms} stream {@code sockets/NAMESPACE} and attached); with the DIRECT transport no
     * socket layer is needed.
     *
     * @throws IllegalArgumentException when a daemon names a namespace the network does not have
     */
    public static BgpRuntime start(SimNetwork net, Function<String, SocketLayer> sockets, SeededRandoms randoms,
                                   Options options) {
        if (net == null) {
            throw new IllegalArgumentException("BgpRuntime.start needs a network");
        }
        BgpRuntime rt = new BgpRuntime(net, options == null ? Options.DEFAULT : options);
        rt.startAll(sockets, randoms == null ? new SeededRandoms(0) : randoms);
        return rt;
    }

    private void startAll(Function<String, SocketLayer> sockets, SeededRandoms randoms) {
        TcpBgpTransport tcp = options.transport() == Transport.TCP ? new TcpBgpTransport() : null;
        for (BgpDaemonConfig d : net.config().bgp()) {
            NetNamespace ns = net.find(d.namespace());
            if (ns == null) {
                throw new IllegalArgumentException("BGP daemon for '" + d.namespace() + "': the network has no such namespace");
            }
            if (speakers.containsKey(d.namespace())) {
                throw new IllegalArgumentException("two BGP daemons in namespace '" + d.namespace() + "'");
            }
            BgpTransport transport = direct;
            if (tcp != null) {
                SocketLayer layer = sockets == null ? null : sockets.apply(d.namespace());
                if (layer == null) {
                    layer = new SocketLayer(ns, randoms.stream("sockets/" + ns.name()));
                    ns.setLocalDelivery(layer);
                }
                tcp.register(d.routerId(), layer, d.listenPort());
                for (BgpDaemonConfig.BgpNeighbourConfig n : d.neighbours()) {
                    tcp.peerPort(d.routerId(), n.address(), n.port());
                }
                transport = tcp;
            }
            List<BgpConfig.Peer> peers = new ArrayList<>();
            for (BgpDaemonConfig.BgpNeighbourConfig n : d.neighbours()) {
                peers.add(new BgpConfig.Peer(n.address(), n.asn(), n.rrClient(), false, n.name()));
            }
            BgpConfig cfg = new BgpConfig(d.asn(), d.routerId(), d.clusterId(), peers, d.holdTimeSeconds(),
                    d.keepaliveSeconds(), d.connectDelayNanos(), d.connectRetryNanos(), options.errorWaitNanos());
            if (transport == direct) {
                transport = new NamespaceDirect(ns, d.routerId());
            }
            KernelRouteSink sink = new KernelRouteSink(ns, d, this::routeChanged);
            BgpSpeaker speaker = new BgpSpeaker(d.namespace(), cfg, engine, net.tracer(), transport, sink);
            speaker.setLocalAddresses(ns::sourceFor);
            speakers.put(d.namespace(), speaker);
            daemons.put(d.namespace(), d);
        }
        for (Map.Entry<String, BgpSpeaker> e : speakers.entrySet()) {
            BgpSpeaker s = e.getValue();
            s.start();
            for (Ipv4Prefix p : daemons.get(e.getKey()).originate()) {
                s.originate(p);
            }
        }
    }

    /**
     * The direct transport seen from one namespace: it listens on every address of the namespace
     * (a router is reached on its rack address by nodes and on its core address by routers) and
     * connects from the address its routing table picks towards the peer.
     */
    private final class NamespaceDirect implements BgpTransport {
        private final NetNamespace ns;
        private final Ipv4Address routerId;

        NamespaceDirect(NetNamespace ns, Ipv4Address routerId) {
            this.ns = ns;
            this.routerId = routerId;
        }

        @Override
        public void listen(Ipv4Address address, Acceptor acceptor) {
            for (Ipv4Address a : ns.localAddresses()) {
                if ((a.bits() >>> 24) != 127) {
                    direct.listen(a, acceptor);
                }
            }
            direct.listen(address, acceptor);
        }

        @Override
        public void connect(Ipv4Address local, Ipv4Address remote, Handler handler) {
            Ipv4Address src = ns.sourceFor(remote);
            direct.connect(src == null ? routerId : src, remote, handler);
        }
    }

    private void routeChanged(String namespace, Ipv4Prefix prefix, String change) {
        changes.add(new RouteChange(engine.now(), namespace, prefix, change));
    }

    /** Speakers by namespace, in configuration order. */
    public Map<String, BgpSpeaker> speakers() {
        return Collections.unmodifiableMap(speakers);
    }

    /** The speaker in {@code namespace}; throws naming it when there is none. */
    public BgpSpeaker speaker(String namespace) {
        BgpSpeaker s = speakers.get(namespace);
        if (s == null) {
            throw new IllegalArgumentException("no BGP speaker in namespace '" + namespace + "'; speakers: "
                    + String.join(", ", speakers.keySet()));
        }
        return s;
    }

    public Transport transport() {
        return options.transport();
    }

    /** Configured sessions in the network, each peering counted once. */
    public long sessionCount() {
        long n = 0;
        for (BgpSpeaker s : speakers.values()) {
            n += s.sessions().size();
        }
        return n / 2;
    }

    /** Sessions currently Established, each peering counted once (both ends must be Established). */
    public long establishedSessions() {
        long n = 0;
        for (BgpSpeaker s : speakers.values()) {
            n += s.establishedSessions();
        }
        return n / 2;
    }

    /** True when every configured session is Established at both ends. */
    public boolean allEstablished() {
        for (BgpSpeaker s : speakers.values()) {
            for (BgpSession ss : s.sessions()) {
                if (ss.state() != BgpSession.State.ESTABLISHED) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Every route change the daemons made, in time order. */
    public List<RouteChange> routeChanges() {
        return List.copyOf(changes);
    }

    /** Time of the last route change (the moment the network last converged), or -1. */
    public long lastRouteChangeAt() {
        return changes.isEmpty() ? -1 : changes.get(changes.size() - 1).time();
    }

    /** Takes {@code node} down now: see {@link #failNode}. */
    public void failNodeAt(long timeNanos, String node) {
        engine.at(timeNanos, () -> failNode(node));
    }

    /**
     * Takes {@code node} down now: its namespace and the namespaces it owns (its pods) stop sending
     * and receiving, and its BGP speaker (if any) crashes without sending anything. Its peers find
     * out through their hold timers.
     */
    public void failNode(String node) {
        NetNamespace ns = net.namespace(node);
        List<String> down = new ArrayList<>();
        for (NetNamespace n : net.namespaces()) {
            if (n == ns || node.equals(n.owner())) {
                n.setUp(false);
                down.add(n.name());
            }
        }
        BgpSpeaker s = speakers.get(node);
        if (s != null) {
            s.crash();
            if (direct != null) {
                for (Ipv4Address a : ns.localAddresses()) {
                    direct.fail(a);
                }
            }
        }
        failedNode = node;
        failedAt = engine.now();
        net.tracer().emit(-1, null, node, null, EventKind.NOTE, node + " fails: " + String.join(", ", down)
                + " stop sending and receiving" + (s == null ? "" : "; its BGP speaker stops without a NOTIFICATION, so"
                + " its peers notice only when their hold timers (" + s.config().holdTimeSeconds() + " s) expire"),
                null, null, new Decision.Socket("DOWN", "node failure"));
    }

    /** The convergence after the last {@link #failNode}; null when no node failed. */
    public Convergence convergence() {
        if (failedNode == null) {
            return null;
        }
        long last = -1;
        int n = 0;
        for (RouteChange c : changes) {
            if (c.time() >= failedAt) {
                last = c.time();
                n++;
            }
        }
        return new Convergence(failedNode, failedAt, last, last < 0 ? -1 : last - failedAt, n);
    }

    /** Time from the start to the last route change before any failure (initial convergence), or -1. */
    public long initialConvergenceAt() {
        long last = -1;
        for (RouteChange c : changes) {
            if (failedAt >= 0 && c.time() >= failedAt) {
                break;
            }
            last = c.time();
        }
        return last;
    }

    /** Learned routes now in {@code namespace}'s table: unicast, {@code proto bird} (the blackholes for own blocks not counted). */
    public int learnedRoutes(String namespace) {
        int n = 0;
        for (Route r : net.namespace(namespace).routes().routes()) {
            if (r.type() == Route.Type.UNICAST && KernelRouteSink.PROTO.equals(r.config().proto())) {
                n++;
            }
        }
        return n;
    }

    /** The addresses a namespace's daemon peers with (for listings). */
    public List<Ipv4Address> neighbours(String namespace) {
        List<Ipv4Address> out = new ArrayList<>();
        for (BgpDaemonConfig.BgpNeighbourConfig n : daemons.get(namespace).neighbours()) {
            out.add(n.address());
        }
        return out;
    }
}
