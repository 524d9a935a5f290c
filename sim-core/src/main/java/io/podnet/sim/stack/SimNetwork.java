package io.podnet.sim.stack;

import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.device.NetDevice;
import io.podnet.sim.device.NicDevice;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.link.Segment;
import io.podnet.sim.trace.Tracer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A realised {@link NetworkConfig}: running namespaces and underlay segments, in the order the
 * configuration lists them. Made by {@link NetworkBuilder}. Namespaces the builder was told to
 * build lazily ({@link NetworkBuilder#lazy}) are built when first named ({@link #namespace},
 * {@link #find}), when a frame is sent to them, or when every namespace is listed
 * ({@link #namespaces}, {@link #ifaces}).
 */
public final class SimNetwork {
    private final NetworkConfig config;
    private final Engine engine;
    private final Tracer tracer;
    private final PacketIds ids;
    private final Map<String, NetNamespace> namespaces;
    private final Map<String, Segment> segments;
    private final Deferred deferred;

    /** The namespaces not built yet, and how to build one. */
    interface Deferred {
        boolean pending(String name);

        /** Builds every pending namespace. */
        void buildAll();

        /** Builds {@code name} (pending) and returns it. */
        NetNamespace build(String name);

        int pendingCount();
    }

    /** {@code namespaces} is the builder's map (built namespaces), which {@code deferred} adds to. */
    SimNetwork(NetworkConfig config, Engine engine, Tracer tracer, PacketIds ids, Map<String, NetNamespace> namespaces,
               Map<String, Segment> segments, Deferred deferred) {
        this.config = config;
        this.engine = engine;
        this.tracer = tracer;
        this.ids = ids;
        this.namespaces = deferred == null ? Collections.unmodifiableMap(new LinkedHashMap<>(namespaces)) : namespaces;
        this.segments = Collections.unmodifiableMap(new LinkedHashMap<>(segments));
        this.deferred = deferred;
    }

    /** How many namespaces are built (all of them unless some are built lazily and were not needed yet). */
    public int builtNamespaces() {
        return namespaces.size();
    }

    private NetNamespace get(String name) {
        NetNamespace ns = namespaces.get(name);
        if (ns == null && deferred != null && deferred.pending(name)) {
            ns = deferred.build(name);
        }
        return ns;
    }

    /** Every namespace, built, in configuration order. */
    private Iterable<NetNamespace> all() {
        if (deferred == null) {
            return namespaces.values();
        }
        if (deferred.pendingCount() > 0) {
            deferred.buildAll();
        }
        List<NetNamespace> out = new ArrayList<>(namespaces.size());
        for (var nc : config.namespaces()) {
            out.add(namespaces.get(nc.name()));
        }
        return out;
    }

    /** One interface of the network, for listings and per-interface captures. */
    public record Iface(NetNamespace namespace, NetDevice device) {
        /** {@code namespace/device}. */
        public String location() {
            return device.location();
        }
    }

    public NetworkConfig config() {
        return config;
    }

    public Engine engine() {
        return engine;
    }

    public Tracer tracer() {
        return tracer;
    }

    /** A new run-unique packet id. */
    public long nextPacketId() {
        return ids.getAsLong();
    }

    /** Namespaces in configuration order. */
    public List<NetNamespace> namespaces() {
        List<NetNamespace> out = new ArrayList<>(namespaces.size());
        for (NetNamespace ns : all()) {
            out.add(ns);
        }
        return List.copyOf(out);
    }

    /** The namespace called {@code name}; throws {@link IllegalArgumentException} naming it when absent. */
    public NetNamespace namespace(String name) {
        NetNamespace ns = get(name);
        if (ns == null) {
            throw new IllegalArgumentException("no namespace named '" + name + "' in the network");
        }
        return ns;
    }

    /** The namespace called {@code name}, or null. */
    public NetNamespace find(String name) {
        return get(name);
    }

    public List<Segment> segments() {
        return List.copyOf(segments.values());
    }

    public Segment segment(String name) {
        Segment s = segments.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no segment named '" + name + "' in the network");
        }
        return s;
    }

    /** Every interface ({@code lo} included), namespace by namespace, devices in creation order. */
    public List<Iface> ifaces() {
        List<Iface> out = new ArrayList<>();
        for (NetNamespace ns : all()) {
            for (NetDevice d : ns.devices()) {
                out.add(new Iface(ns, d));
            }
        }
        return out;
    }

    /** The device at {@code namespace/device}; throws naming it when absent. */
    public NetDevice device(String location) {
        int slash = location.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("expected namespace/device, got '" + location + "'");
        }
        NetDevice d = namespace(location.substring(0, slash)).device(location.substring(slash + 1));
        if (d == null) {
            throw new IllegalArgumentException("no device '" + location.substring(slash + 1) + "' in namespace '"
                    + location.substring(0, slash) + "'");
        }
        return d;
    }

    /** Fails or restores a node (or pod) namespace: every device stops sending and receiving. */
    public void setNamespaceUp(String name, boolean up) {
        namespace(name).setUp(up);
    }

    /** Fails or restores the underlay link of a NIC ({@code namespace/eth0}). */
    public void setLinkUp(String nicLocation, boolean up) {
        NetDevice d = device(nicLocation);
        if (!(d instanceof NicDevice nic)) {
            throw new IllegalArgumentException(nicLocation + " is a " + d.kind() + ", not a NIC on a segment");
        }
        segment(nic.segment()).setLinkUp(nic, up);
    }
}
