package io.podnet.sim.stack;

import io.podnet.sim.config.EntryList;
import io.podnet.sim.config.FdbConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NeighbourConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.SegmentConfig;
import io.podnet.sim.config.SharedEntries;
import io.podnet.sim.device.BridgeDevice;
import io.podnet.sim.device.DummyDevice;
import io.podnet.sim.device.GeneveDevice;
import io.podnet.sim.device.IpipDevice;
import io.podnet.sim.device.NetDevice;
import io.podnet.sim.device.NicDevice;
import io.podnet.sim.device.SharedFdb;
import io.podnet.sim.device.VethDevice;
import io.podnet.sim.device.VxlanDevice;
import io.podnet.sim.device.WireguardDevice;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.link.Segment;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.netfilter.PacketFilter;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.GeneveHeader;
import io.podnet.sim.wire.WireguardHeader;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Realises a {@link NetworkConfig} as running namespaces, in the configuration's order: segments;
 * then each namespace with {@code lo} and its devices (ifindex in creation order); then veth
 * pairs, bridge ports, NIC cabling; addresses (with their connected routes), routes, permanent
 * neighbours, FDB entries, sysctls and the packet filter. A veth whose peer is not configured gets
 * a bare peer (derived MAC, same MTU). Bad configuration is an {@link IllegalArgumentException}
 * naming the namespace and device.
 */
public final class NetworkBuilder {
    private final NetworkConfig config;
    private final Engine engine;
    private final Tracer tracer;
    private final SeededRandoms randoms;
    private BiFunction<NamespaceConfig, NetNamespace, PacketFilter> filters = (c, n) -> PacketFilter.ACCEPT_ALL;
    private long vethDelayNanos;
    private Progress progress;
    private java.util.function.Predicate<NamespaceConfig> lazy = nc -> false;
    // Set by build(): the built namespaces (shared with the SimNetwork), segments and pending ones.
    private Map<String, NetNamespace> built;
    private Map<String, Segment> builtSegments;
    private final Map<String, NamespaceConfig> pending = new LinkedHashMap<>();
    private final Map<String, List<Runnable>> waitingForPeer = new java.util.HashMap<>();
    private PacketIds builtIds;
    private long done;
    private long total;
    private static final Object NOT_SHAREABLE = new Object();
    private final Map<SharedEntries<?>, Object> sharedIndexes = new IdentityHashMap<>();

    public NetworkBuilder(NetworkConfig config, Engine engine, Tracer tracer, SeededRandoms randoms) {
        if (config == null || engine == null || tracer == null) {
            throw new IllegalArgumentException("NetworkBuilder needs a config, an engine and a tracer");
        }
        this.config = config;
        this.engine = engine;
        this.tracer = tracer;
        this.randoms = randoms == null ? new SeededRandoms(0) : randoms;
    }

    /** One-call form. */
    public static SimNetwork build(NetworkConfig config, Engine engine, Tracer tracer, SeededRandoms randoms,
                                   Function<NamespaceConfig, PacketFilter> filters) {
        NetworkBuilder b = new NetworkBuilder(config, engine, tracer, randoms);
        if (filters != null) {
            b.packetFilters(filters);
        }
        return b.build();
    }

    /** The netfilter of each namespace (default: accept everything). */
    public NetworkBuilder packetFilters(Function<NamespaceConfig, PacketFilter> f) {
        this.filters = (c, n) -> f.apply(c);
        return this;
    }

    /**
     * The netfilter of each namespace, made with access to the namespace it runs in (for
     * {@code isLocalAddress}, {@code primaryAddress}, {@code isBroadcastAddress}: what MASQUERADE
     * and {@code --dst-type LOCAL} need). Called after the namespace's devices, addresses and
     * routes exist.
     */
    public NetworkBuilder packetFilters(BiFunction<NamespaceConfig, NetNamespace, PacketFilter> f) {
        this.filters = f;
        return this;
    }

    /**
     * Told how far {@link #build} is: {@code done} of {@code total} steps (each namespace is created,
     * wired and configured: three steps each). For progress bars of long builds; not called when
     * unset.
     */
    @FunctionalInterface
    public interface Progress {
        void step(long done, long total);
    }

    /** Reports {@link #build}'s progress to {@code p} (null: none). */
    public NetworkBuilder progress(Progress p) {
        this.progress = p;
        return this;
    }

    /**
     * Namespaces to build only when needed (default: none): when first named through the
     * {@link SimNetwork} ({@code namespace}, {@code find}, or any listing of every namespace), or when
     * a frame is sent to them over a veth. For pods that may never send or receive: a cluster of
     * 150,000 pods where a scenario talks to a few builds a few. Only a namespace whose devices are
     * all veths can wait (one with a NIC is built at once: its segment must see it); its devices,
     * addresses, routes and packet filter are made exactly as at once, so traffic to it is the same.
     */
    public NetworkBuilder lazy(java.util.function.Predicate<NamespaceConfig> p) {
        this.lazy = p == null ? nc -> false : p;
        return this;
    }

    /** A delay for every veth hop (default 0). */
    public NetworkBuilder vethDelay(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("veth delay must be >= 0, was " + nanos);
        }
        this.vethDelayNanos = nanos;
        return this;
    }

    public SeededRandoms randoms() {
        return randoms;
    }

    public SimNetwork build() {
        PacketIds ids = new PacketIds();
        Map<String, Segment> segments = new LinkedHashMap<>();
        for (SegmentConfig sc : config.segments()) {
            if (segments.put(sc.name(), new Segment(sc, engine, tracer, ids)) != null) {
                throw new IllegalArgumentException("two segments are named '" + sc.name() + "'");
            }
        }
        Map<String, NetNamespace> namespaces = new LinkedHashMap<>();
        built = namespaces;
        builtSegments = segments;
        builtIds = ids;
        pending.clear();
        waitingForPeer.clear();
        done = 0;
        total = 3L * config.namespaces().size();
        List<NamespaceConfig> now = new ArrayList<>(config.namespaces().size());
        for (NamespaceConfig nc : config.namespaces()) {
            step();
            if (namespaces.containsKey(nc.name()) || pending.containsKey(nc.name())) {
                throw new IllegalArgumentException("two namespaces are named '" + nc.name() + "'");
            }
            if (canWait(nc) && lazy.test(nc)) {
                pending.put(nc.name(), nc);
                continue;
            }
            create(nc, ids);
            now.add(nc);
        }
        for (NamespaceConfig nc : now) {
            step();
            NetNamespace ns = namespaces.get(nc.name());
            for (InterfaceConfig ic : nc.interfaces()) {
                wire(ns, ic, namespaces, segments);
            }
        }
        for (NamespaceConfig nc : now) {
            step();
            configure(namespaces.get(nc.name()), nc);
        }
        if (progress != null) {
            progress.step(total, total);
        }
        if (pending.isEmpty()) {
            return new SimNetwork(config, engine, tracer, ids, namespaces, segments, null);
        }
        return new SimNetwork(config, engine, tracer, ids, namespaces, segments, new SimNetwork.Deferred() {
            @Override
            public boolean pending(String name) {
                return pending.containsKey(name);
            }

            @Override
            public void buildAll() {
                for (String name : new ArrayList<>(pending.keySet())) {
                    materialise(name);
                }
            }

            @Override
            public NetNamespace build(String name) {
                return materialise(name);
            }

            @Override
            public int pendingCount() {
                return pending.size();
            }
        });
    }

    private static boolean canWait(NamespaceConfig nc) {
        for (InterfaceConfig ic : nc.interfaces()) {
            if (!(ic instanceof InterfaceConfig.Veth)) {
                return false;
            }
        }
        return true;
    }

    private NetNamespace create(NamespaceConfig nc, PacketIds ids) {
        NetNamespace ns = new NetNamespace(nc.name(), io.podnet.sim.config.NamespaceRole.of(nc.role()), nc.owner(), engine,
                tracer, ids);
        built.put(nc.name(), ns);
        if (nc.sysctls() != null) {
            ns.applySysctls(nc.sysctls());
        }
        for (InterfaceConfig ic : nc.interfaces()) {
            ns.addDevice(create(ns, ic));
        }
        return ns;
    }

    /** Builds a pending namespace as {@link #build} would have: devices, then wiring, then configuration. */
    private NetNamespace materialise(String name) {
        NamespaceConfig nc = pending.remove(name);
        if (nc == null) {
            return built.get(name);
        }
        NetNamespace ns = create(nc, builtIds);
        for (InterfaceConfig ic : nc.interfaces()) {
            wire(ns, ic, built, builtSegments);
        }
        // Veths of namespaces built before whose peer is not in this namespace's configuration: bare peers here.
        List<Runnable> waiting = waitingForPeer.remove(name);
        if (waiting != null) {
            for (Runnable pair : waiting) {
                pair.run();
            }
        }
        configure(ns, nc);
        return ns;
    }

    private void step() {
        if (progress != null) {
            progress.step(done, total);
        }
        done++;
    }

    private static MacAddress macOf(NetNamespace ns, InterfaceConfig ic) {
        return ic.mac() != null ? ic.mac() : MacAddress.derived(ns.name() + "/" + ic.name());
    }

    private static int mtuOf(InterfaceConfig ic) {
        return ic.mtu() > 0 ? ic.mtu() : 1500;
    }

    private NetDevice create(NetNamespace ns, InterfaceConfig ic) {
        int idx = ns.allocateIfindex();
        MacAddress mac = macOf(ns, ic);
        int mtu = mtuOf(ic);
        if (ic instanceof InterfaceConfig.Veth) {
            VethDevice v = new VethDevice(ns, ic.name(), idx, mac, mtu);
            v.setDelayNanos(vethDelayNanos);
            return v;
        }
        if (ic instanceof InterfaceConfig.Bridge) {
            return new BridgeDevice(ns, ic.name(), idx, mac, mtu);
        }
        if (ic instanceof InterfaceConfig.Vxlan vx) {
            VxlanDevice d = new VxlanDevice(ns, ic.name(), idx, mac, mtu, vx.vni(), vx.port(), vx.local(), vx.learning());
            d.setDontFragment(vx.dontFragment());
            return d;
        }
        if (ic instanceof InterfaceConfig.Nic nic) {
            return new NicDevice(ns, ic.name(), idx, mac, mtu, nic.segment());
        }
        if (ic instanceof InterfaceConfig.Ipip) {
            return new IpipDevice(ns, ic.name(), idx, ic.mac(), mtu);
        }
        if (ic instanceof InterfaceConfig.Geneve g) {
            GeneveDevice d = new GeneveDevice(ns, ic.name(), idx, mac, mtu, g.vni(), g.port() > 0 ? g.port() : GeneveHeader.PORT,
                    g.local(), g.optionBytes());
            d.setDontFragment(g.dontFragment());
            return d;
        }
        if (ic instanceof InterfaceConfig.Wireguard w) {
            return new WireguardDevice(ns, ic.name(), idx, ic.mac(), mtu,
                    w.listenPort() > 0 ? w.listenPort() : WireguardHeader.PORT, w.peers());
        }
        if (ic instanceof InterfaceConfig.Dummy) {
            DummyDevice d = new DummyDevice(ns, ic.name(), idx, mac, mtu);
            d.setUp(false); // kube-proxy creates kube-ipvs0 and never sets it up; its local routes exist all the same
            return d;
        }
        throw new IllegalArgumentException("unsupported interface type in " + ns.name() + ": " + ic);
    }

    private void wire(NetNamespace ns, InterfaceConfig ic, Map<String, NetNamespace> namespaces,
                      Map<String, Segment> segments) {
        NetDevice dev = ns.device(ic.name());
        if (ic instanceof InterfaceConfig.Veth v) {
            VethDevice me = (VethDevice) dev;
            if (me.peer() == null && pending.containsKey(v.peerNamespace())) {
                String peerName = v.peerNamespace();
                me.whenPeerNeeded(() -> materialise(peerName));
                waitingForPeer.computeIfAbsent(peerName, k -> new ArrayList<>()).add(() -> {
                    if (me.peer() == null) {
                        pair(me, v, ic, built);
                    }
                });
            } else if (me.peer() == null) {
                pair(me, v, ic, namespaces);
            }
            if (v.master() != null) {
                NetDevice br = ns.device(v.master());
                if (!(br instanceof BridgeDevice bridge)) {
                    throw new IllegalArgumentException("veth " + me.location() + ": master '" + v.master()
                            + "' is not a bridge in " + ns.name());
                }
                bridge.addPort(me, v.hairpin());
            }
        } else if (ic instanceof InterfaceConfig.Nic n) {
            Segment seg = segments.get(n.segment());
            if (seg == null) {
                throw new IllegalArgumentException("NIC " + dev.location() + ": segment '" + n.segment()
                        + "' does not exist");
            }
            seg.attach((NicDevice) dev);
        }
    }

    /** Pairs {@code me} with its configured peer, making a bare peer when the peer namespace does not configure it. */
    private void pair(VethDevice me, InterfaceConfig.Veth v, InterfaceConfig ic, Map<String, NetNamespace> namespaces) {
        NetNamespace peerNs = namespaces.get(v.peerNamespace());
        if (peerNs == null) {
            throw new IllegalArgumentException("veth " + me.location() + ": peer namespace '" + v.peerNamespace()
                    + "' does not exist");
        }
        NetDevice peer = peerNs.device(v.peerName());
        if (peer == null) {
            VethDevice bare = new VethDevice(peerNs, v.peerName(), peerNs.allocateIfindex(),
                    MacAddress.derived(peerNs.name() + "/" + v.peerName()), mtuOf(ic));
            bare.setDelayNanos(vethDelayNanos);
            peer = peerNs.addDevice(bare);
        }
        if (!(peer instanceof VethDevice pv)) {
            throw new IllegalArgumentException("veth " + me.location() + ": peer " + peer.location() + " is a "
                    + peer.kind() + ", not a veth");
        }
        VethDevice.pair(me, pv);
    }

    private void configure(NetNamespace ns, NamespaceConfig nc) {
        // Configured routes that share a prefix with a connected route replace it (the kernel would
        // refuse the duplicate; the rendered config may list the connected routes itself).
        for (InterfaceConfig ic : nc.interfaces()) {
            NetDevice dev = ns.device(ic.name());
            for (Ipv4Prefix p : ic.addresses()) {
                ns.addAddress(dev, p);
            }
        }
        if (!configureShared(ns, nc)) {
            installRoutes(ns, nc.routesInInstallOrder());
            installNeighbours(ns, nc.neighbours());
            installFdb(ns, nc.fdb());
        }
        ns.setFilter(filters.apply(nc, ns));
    }

    private static void installRoutes(NetNamespace ns, List<RouteConfig> routes) {
        for (RouteConfig rc : routes) {
            if ("local".equals(rc.type())) {
                continue;
            }
            try {
                Route existing = ns.routes().get(rc.destination());
                if (existing != null && "kernel".equals(existing.config().proto())) {
                    ns.replaceRoute(rc);
                } else {
                    ns.addRoute(rc);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("namespace " + ns.name() + ": " + e.getMessage(), e);
            }
        }
    }

    private static void installNeighbours(NetNamespace ns, List<NeighbourConfig> neighbours) {
        for (NeighbourConfig n : neighbours) {
            NetDevice dev = ns.device(n.device());
            if (dev == null) {
                throw new IllegalArgumentException("ip neigh replace " + n.ip() + " dev " + n.device() + " in " + ns.name()
                        + ": Cannot find device");
            }
            ns.neighbours().addPermanent(n.ip(), n.mac(), dev);
        }
    }

    private static void installFdb(NetNamespace ns, List<FdbConfig> fdb) {
        for (FdbConfig f : fdb) {
            NetDevice dev = ns.device(f.device());
            if (dev instanceof VxlanDevice || dev instanceof GeneveDevice) {
                if (f.destination() == null) {
                    throw new IllegalArgumentException("bridge fdb append " + f.mac() + " dev " + f.device() + " in "
                            + ns.name() + ": a " + dev.kind() + " entry needs dst");
                }
                if (dev instanceof VxlanDevice vx) {
                    vx.addFdb(f.mac(), f.destination());
                } else {
                    ((GeneveDevice) dev).addFdb(f.mac(), f.destination());
                }
            } else if (dev != null && dev.master() != null) {
                dev.master().addStaticFdb(f.mac(), dev);
            } else {
                throw new IllegalArgumentException("bridge fdb append " + f.mac() + " dev " + f.device() + " in "
                        + ns.name() + ": the device is neither a VXLAN/GENEVE device nor a bridge port");
            }
        }
    }

    /**
     * Realises a namespace whose routes, neighbours or FDB entries share parts with other
     * namespaces ({@link EntryList}): its own entries one by one, each shared part as one layer of
     * its table ({@link RoutingTable#attachShared}, {@link NeighbourTable#attachShared},
     * {@link VxlanDevice#attachSharedFdb}), indexed once per build. Returns false, having installed
     * nothing, when a list has no shared part or a part cannot be a layer (an entry that depends on
     * the namespace's other routes, a gateway that is not {@code onlink} and not on a subnet of its
     * device here ({@link SharedRoutes#gatewaysOnLink}), or one of the namespace's own entries has
     * its key); the caller then installs everything one by one, as it would without sharing.
     */
    private boolean configureShared(NetNamespace ns, NamespaceConfig nc) {
        Layer<RouteConfig> routes = Layer.of(nc.routes());
        Layer<NeighbourConfig> neighbours = Layer.of(nc.neighbours());
        Layer<FdbConfig> fdb = Layer.of(nc.fdb());
        if (routes == null || neighbours == null || fdb == null
                || (routes.shared == null && neighbours.shared == null && fdb.shared == null)) {
            return false;
        }
        SharedRoutes sr = null;
        if (routes.shared != null) {
            sr = index(routes.shared, SharedRoutes::of);
            if (sr == null) {
                return false;
            }
            for (String d : sr.devices) {
                if (ns.device(d) == null) {
                    return false;
                }
            }
            if (!sr.gatewaysOnLink(ns)) {
                return false; // a gateway off the device's subnet here: ip route add decides, route by route
            }
            for (RouteConfig rc : routes.own) {
                Ipv4Prefix p = rc.destination() == null ? null : rc.destination().canonical();
                if (p == null || (rc.via() != null && rc.device() == null)) {
                    return false; // binding depends on the other routes: keep the original order
                }
                int i = sr.find(p.length(), p.address().bits());
                if (i >= 0 && routes.shared.holds(i)) {
                    return false;
                }
            }
            for (Route r : ns.routes().routes()) {
                Ipv4Prefix p = r.destination().canonical();
                int i = sr.find(p.length(), p.address().bits());
                if (i >= 0 && routes.shared.holds(i)) {
                    return false;
                }
            }
        }
        SharedNeighbours sn = null;
        NetDevice neighbourDevice = null;
        if (neighbours.shared != null) {
            sn = index(neighbours.shared, SharedNeighbours::of);
            neighbourDevice = sn == null ? null : ns.device(sn.device);
            if (neighbourDevice == null) {
                return false;
            }
            for (NeighbourConfig n : neighbours.own) {
                int i = n.device() != null && n.device().equals(sn.device) && n.ip() != null ? sn.find(n.ip().bits()) : -1;
                if (i >= 0 && neighbours.shared.holds(i)) {
                    return false;
                }
            }
        }
        SharedFdb sf = null;
        VxlanDevice fdbDevice = null;
        if (fdb.shared != null) {
            sf = index(fdb.shared, SharedFdb::of);
            if (sf == null || !(ns.device(sf.device()) instanceof VxlanDevice vx)) {
                return false;
            }
            fdbDevice = vx;
            for (FdbConfig f : fdb.own) {
                if (f.device() != null && f.device().equals(sf.device())) {
                    return false; // keep the listing order of the original
                }
            }
        }
        List<RouteConfig> ownRoutes = new ArrayList<>(routes.own.size());
        for (RouteConfig r : routes.own) {
            if (r.via() == null) {
                ownRoutes.add(r);
            }
        }
        for (RouteConfig r : routes.own) {
            if (r.via() != null) {
                ownRoutes.add(r);
            }
        }
        installRoutes(ns, ownRoutes);
        if (sr != null && !ns.routes().attachShared(sr, routes.shared, ns::bindRoute)) {
            throw new IllegalStateException("shared routes refused in " + ns.name()); // checked above
        }
        installNeighbours(ns, neighbours.own);
        if (sn != null && !ns.neighbours().attachShared(sn, neighbours.shared, neighbourDevice)) {
            throw new IllegalStateException("shared neighbours refused in " + ns.name());
        }
        installFdb(ns, fdb.own);
        if (sf != null && !fdbDevice.attachSharedFdb(sf, fdb.shared)) {
            throw new IllegalStateException("shared FDB entries refused in " + ns.name());
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private <T, I> I index(EntryList.Shared<T> part, Function<SharedEntries<T>, I> make) {
        Object i = sharedIndexes.computeIfAbsent(part.entries(), e -> {
            Object made = make.apply((SharedEntries<T>) e);
            return made == null ? NOT_SHAREABLE : made;
        });
        return i == NOT_SHAREABLE ? null : (I) i;
    }

    /**
     * A namespace's list as its own entries and at most one shared range (the parts of an
     * {@link EntryList} that name one {@link SharedEntries} with one left-out entry and together
     * cover one contiguous range), or null when the list has another shape.
     */
    private record Layer<T>(List<T> own, EntryList.Shared<T> shared) {
        static <T> Layer<T> of(List<T> list) {
            if (!(list instanceof EntryList<T> el)) {
                return new Layer<>(list, null);
            }
            List<T> own = new ArrayList<>();
            EntryList.Shared<T> merged = null;
            for (EntryList.Part<T> p : el.parts()) {
                if (p instanceof EntryList.Own<T> o) {
                    own.addAll(o.entries());
                } else if (p instanceof EntryList.Shared<T> s) {
                    if (merged == null) {
                        merged = s;
                    } else if (merged.entries() == s.entries() && merged.except() == s.except() && merged.to() == s.from()) {
                        merged = new EntryList.Shared<>(s.entries(), merged.from(), s.to(), s.except());
                    } else {
                        return null;
                    }
                }
            }
            return new Layer<>(own, merged);
        }
    }
}
