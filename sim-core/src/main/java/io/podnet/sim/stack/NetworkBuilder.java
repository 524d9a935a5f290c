package io.podnet.sim.stack;

import io.podnet.sim.config.FdbConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NeighbourConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.SegmentConfig;
import io.podnet.sim.device.BridgeDevice;
import io.podnet.sim.device.DummyDevice;
import io.podnet.sim.device.GeneveDevice;
import io.podnet.sim.device.IpipDevice;
import io.podnet.sim.device.NetDevice;
import io.podnet.sim.device.NicDevice;
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
import java.util.LinkedHashMap;
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
        for (NamespaceConfig nc : config.namespaces()) {
            NetNamespace ns = new NetNamespace(nc.name(), io.podnet.sim.config.NamespaceRole.of(nc.role()), nc.owner(), engine,
                    tracer, ids);
            if (namespaces.put(nc.name(), ns) != null) {
                throw new IllegalArgumentException("two namespaces are named '" + nc.name() + "'");
            }
            if (nc.sysctls() != null) {
                ns.applySysctls(nc.sysctls());
            }
            for (InterfaceConfig ic : nc.interfaces()) {
                ns.addDevice(create(ns, ic));
            }
        }
        for (NamespaceConfig nc : config.namespaces()) {
            NetNamespace ns = namespaces.get(nc.name());
            for (InterfaceConfig ic : nc.interfaces()) {
                wire(ns, ic, namespaces, segments);
            }
        }
        for (NamespaceConfig nc : config.namespaces()) {
            configure(namespaces.get(nc.name()), nc);
        }
        return new SimNetwork(config, engine, tracer, ids, namespaces, segments);
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
            if (me.peer() == null) {
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

    private void configure(NetNamespace ns, NamespaceConfig nc) {
        // Configured routes that share a prefix with a connected route replace it (the kernel would
        // refuse the duplicate; the rendered config may list the connected routes itself).
        for (InterfaceConfig ic : nc.interfaces()) {
            NetDevice dev = ns.device(ic.name());
            for (Ipv4Prefix p : ic.addresses()) {
                ns.addAddress(dev, p);
            }
        }
        for (RouteConfig rc : nc.routesInInstallOrder()) {
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
        for (NeighbourConfig n : nc.neighbours()) {
            NetDevice dev = ns.device(n.device());
            if (dev == null) {
                throw new IllegalArgumentException("ip neigh replace " + n.ip() + " dev " + n.device() + " in " + ns.name()
                        + ": Cannot find device");
            }
            ns.neighbours().addPermanent(n.ip(), n.mac(), dev);
        }
        for (FdbConfig f : nc.fdb()) {
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
        ns.setFilter(filters.apply(nc, ns));
    }
}
