package io.podnet.sim.bgp;

import io.podnet.sim.engine.Engine;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.Tracer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A BGP speaker as BIRD runs it on a Calico node: sessions to each configured peer, an Adj-RIB-In
 * per peer, a Loc-RIB with best-path selection, iBGP split horizon with optional route reflection
 * (RFC 4456), and export of best routes to a {@link RouteSink} (the node's routing table).
 *
 * <p>Best path, in order: locally originated; highest LOCAL_PREF (100 when absent); shortest
 * AS_PATH; lowest ORIGIN; lowest MED; eBGP over iBGP; lowest ORIGINATOR_ID or peer router id;
 * shortest CLUSTER_LIST; lowest peer address.
 */
public final class BgpSpeaker {
    private final String name;
    private final BgpConfig config;
    private final Engine engine;
    private final Tracer tracer;
    private final BgpTransport transport;
    private final RouteSink sink;
    private final Map<Ipv4Address, BgpSession> sessions = new LinkedHashMap<>();
    private final TreeMap<Ipv4Prefix, Candidate> locRib = new TreeMap<>(PREFIX_ORDER);
    private final Map<Ipv4Prefix, PathAttributes> originated = new TreeMap<>(PREFIX_ORDER);
    private boolean running;
    private Function<Ipv4Address, Ipv4Address> localAddresses;

    static final Comparator<Ipv4Prefix> PREFIX_ORDER =
            Comparator.comparing((Ipv4Prefix p) -> p.network()).thenComparingInt(Ipv4Prefix::length);

    /** Receives changes of the best route for a prefix (next hop null = withdrawn). */
    public interface RouteSink {
        void onBestRoute(String speaker, Ipv4Prefix prefix, Ipv4Address nextHop, PathAttributes attributes);
    }

    /** A path learned from a peer (or originated: peer null). */
    record Candidate(Ipv4Prefix prefix, PathAttributes attrs, BgpSession from) {}

    public BgpSpeaker(String name, BgpConfig config, Engine engine, Tracer tracer, BgpTransport transport, RouteSink sink) {
        this.name = name;
        this.config = config;
        this.engine = engine;
        this.tracer = tracer;
        this.transport = transport;
        this.sink = sink;
        for (BgpConfig.Peer p : config.peers()) {
            sessions.put(p.address(), new BgpSession(this, p));
        }
    }

    public String name() {
        return name;
    }

    /**
     * How this speaker finds its own address towards a peer (the session's local address: what a
     * peer has configured for it, and the next hop it sets towards eBGP peers). Default: the router
     * id, right when every peering uses the router id; a router with one address per segment needs
     * the source address its routing table picks. Null answers fall back to the router id.
     */
    public void setLocalAddresses(Function<Ipv4Address, Ipv4Address> f) {
        this.localAddresses = f;
    }

    /** This speaker's address towards {@code peer} (see {@link #setLocalAddresses}). */
    public Ipv4Address localAddressFor(Ipv4Address peer) {
        Ipv4Address a = localAddresses == null ? null : localAddresses.apply(peer);
        return a == null ? config.routerId() : a;
    }

    public BgpConfig config() {
        return config;
    }

    Engine engine() {
        return engine;
    }

    BgpTransport transport() {
        return transport;
    }

    /** Starts listening and, after the connect delay, connecting to every active peer. */
    public void start() {
        running = true;
        transport.listen(config.routerId(), remote -> {
            BgpSession s = sessions.get(remote);
            return s == null || !running ? null : s.acceptIncoming();
        });
        for (BgpSession s : sessions.values()) {
            s.start();
        }
    }

    /** Stops every session (a clean shutdown sends CEASE). */
    public void stop() {
        running = false;
        for (BgpSession s : sessions.values()) {
            s.stop();
        }
    }

    /** Stops without any message (the node lost power); timers stop too. */
    public void crash() {
        running = false;
        for (BgpSession s : sessions.values()) {
            s.crash();
        }
    }

    public boolean running() {
        return running;
    }

    /** Announces a locally originated prefix (a Calico block) with this node as next hop. */
    public void originate(Ipv4Prefix prefix) {
        PathAttributes a = new PathAttributes(PathAttributes.ORIGIN_IGP, List.of(), config.routerId(), 100, -1, null, List.of());
        originated.put(prefix.canonical(), a);
        recompute(prefix.canonical());
    }

    public void withdrawOriginated(Ipv4Prefix prefix) {
        originated.remove(prefix.canonical());
        recompute(prefix.canonical());
    }

    public List<BgpSession> sessions() {
        return List.copyOf(sessions.values());
    }

    public int establishedSessions() {
        int n = 0;
        for (BgpSession s : sessions.values()) {
            if (s.state() == BgpSession.State.ESTABLISHED) {
                n++;
            }
        }
        return n;
    }

    /** The Loc-RIB: best path per prefix, in prefix order. */
    public Map<Ipv4Prefix, PathAttributes> bestRoutes() {
        Map<Ipv4Prefix, PathAttributes> m = new LinkedHashMap<>();
        for (Candidate c : locRib.values()) {
            m.put(c.prefix(), c.attrs());
        }
        return m;
    }

    void noteSession(BgpSession s, String state, String detail) {
        tracer.emit(-1, null, name, "bird", EventKind.NOTE, "BGP " + name + " <-> " + s.peer().address() + ": " + detail,
                null, null, new Decision.Socket(state, detail));
    }

    // ---- RIB ----

    void sessionEstablished(BgpSession s) {
        // Send the whole table the peer is allowed to see.
        List<Ipv4Prefix> prefixes = new ArrayList<>(locRib.keySet());
        for (Ipv4Prefix p : prefixes) {
            Candidate c = locRib.get(p);
            PathAttributes out = exportTo(s, c);
            if (out != null) {
                s.announce(p, out);
            }
        }
    }

    void sessionDown(BgpSession s) {
        List<Ipv4Prefix> lost = new ArrayList<>(s.adjRibIn().keySet());
        s.adjRibIn().clear();
        for (Ipv4Prefix p : lost) {
            recompute(p);
        }
    }

    void received(BgpSession from, BgpMessage.Update u) {
        for (Ipv4Prefix p : u.withdrawn()) {
            if (from.adjRibIn().remove(p.canonical()) != null) {
                recompute(p.canonical());
            }
        }
        for (Ipv4Prefix p : u.nlri()) {
            Ipv4Prefix cp = p.canonical();
            if (acceptable(from, u.attributes())) {
                from.adjRibIn().put(cp, u.attributes());
            } else {
                from.adjRibIn().remove(cp);
            }
            recompute(cp);
        }
    }

    private boolean acceptable(BgpSession from, PathAttributes a) {
        if (!from.isIbgp() && a.asPath().contains(config.asn())) {
            return false; // AS loop
        }
        if (config.routerId().equals(a.originatorId())) {
            return false; // our own route reflected back
        }
        return config.clusterId() == null || !a.clusterList().contains(config.clusterId());
    }

    private void recompute(Ipv4Prefix p) {
        Candidate best = null;
        PathAttributes own = originated.get(p);
        if (own != null) {
            best = new Candidate(p, own, null);
        } else {
            for (BgpSession s : sessions.values()) {
                PathAttributes a = s.adjRibIn().get(p);
                if (a != null) {
                    Candidate c = new Candidate(p, a, s);
                    if (best == null || better(c, best)) {
                        best = c;
                    }
                }
            }
        }
        Candidate old = locRib.get(p);
        if (same(old, best)) {
            return;
        }
        if (best == null) {
            locRib.remove(p);
        } else {
            locRib.put(p, best);
        }
        if (best == null || best.from() != null) {
            sink.onBestRoute(name, p, best == null ? null : best.attrs().nextHop(), best == null ? null : best.attrs());
        } else if (old != null && old.from() != null) {
            sink.onBestRoute(name, p, null, null); // now local: the learned route goes away
        }
        for (BgpSession s : sessions.values()) {
            if (s.state() != BgpSession.State.ESTABLISHED) {
                continue;
            }
            PathAttributes out = best == null ? null : exportTo(s, best);
            if (out != null) {
                s.announce(p, out);
            } else if (old != null && exportTo(s, old) != null) {
                s.withdraw(p);
            }
        }
    }

    private static boolean same(Candidate a, Candidate b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.from() == b.from() && a.attrs().equals(b.attrs());
    }

    private boolean better(Candidate a, Candidate b) {
        long lpa = a.attrs().localPref() < 0 ? 100 : a.attrs().localPref();
        long lpb = b.attrs().localPref() < 0 ? 100 : b.attrs().localPref();
        if (lpa != lpb) {
            return lpa > lpb;
        }
        if (a.attrs().asPath().size() != b.attrs().asPath().size()) {
            return a.attrs().asPath().size() < b.attrs().asPath().size();
        }
        if (a.attrs().origin() != b.attrs().origin()) {
            return a.attrs().origin() < b.attrs().origin();
        }
        long meda = Math.max(0, a.attrs().med());
        long medb = Math.max(0, b.attrs().med());
        if (meda != medb) {
            return meda < medb;
        }
        if (a.from().isIbgp() != b.from().isIbgp()) {
            return !a.from().isIbgp();
        }
        Ipv4Address ida = a.attrs().originatorId() != null ? a.attrs().originatorId() : a.from().remoteId();
        Ipv4Address idb = b.attrs().originatorId() != null ? b.attrs().originatorId() : b.from().remoteId();
        if (ida != null && idb != null && !ida.equals(idb)) {
            return ida.compareTo(idb) < 0;
        }
        if (a.attrs().clusterList().size() != b.attrs().clusterList().size()) {
            return a.attrs().clusterList().size() < b.attrs().clusterList().size();
        }
        return a.from().peer().address().compareTo(b.from().peer().address()) < 0;
    }

    /** The attributes to send {@code to} for the best path {@code c}, or null when policy forbids it. */
    private PathAttributes exportTo(BgpSession to, Candidate c) {
        if (c.from() == to) {
            return null; // never back to where it came from
        }
        if (!to.isIbgp()) {
            return c.attrs().prependAs(config.asn()).withNextHop(localAddressFor(to.peer().address()));
        }
        if (c.from() == null || !c.from().isIbgp()) {
            return c.attrs().localPref() < 0 ? c.attrs().withLocalPref(100) : c.attrs();
        }
        // iBGP-learned towards an iBGP peer: only a route reflector passes it on.
        if (config.clusterId() == null) {
            return null;
        }
        boolean fromClient = c.from().peer().rrClient();
        if (!fromClient && !to.peer().rrClient()) {
            return null;
        }
        return c.attrs().reflected(c.from().remoteId(), config.clusterId());
    }
}
