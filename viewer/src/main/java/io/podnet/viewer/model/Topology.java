package io.podnet.viewer.model;

import io.podnet.sim.config.FdbConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.SegmentConfig;
import io.podnet.sim.net.Ipv4Prefix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rendered network grouped the way a person draws a cluster: hosts (namespaces with role
 * {@code node} or {@code router}) holding their pods (role {@code pod}, grouped by
 * {@code owner}) and devices, plus the links between devices: veth pairs, bridge ports, underlay
 * attachments and tunnels (from the VXLAN FDB entries, or routes through a tunnel device).
 */
public final class Topology {
    /** Where a device sits in the drawing. */
    public enum DeviceKind { POD_INTERFACE, VETH_HOST_END, BRIDGE, TUNNEL, NIC, OTHER }

    /** What a link stands for. */
    public enum LinkKind { VETH, BRIDGE_PORT, UNDERLAY, TUNNEL }

    /** A namespace/device pair; {@code device} is null for the namespace itself or a segment. */
    public record Endpoint(String namespace, String device) {
        @Override
        public String toString() {
            return device == null ? namespace : namespace + "/" + device;
        }
    }

    public record Device(String namespace, String name, DeviceKind kind, InterfaceConfig config) {
        public Endpoint endpoint() {
            return new Endpoint(namespace, name);
        }

        /** First address as {@code a.b.c.d/len}, or empty. */
        public String address() {
            return config == null || config.addresses().isEmpty() ? "" : config.addresses().get(0).toString();
        }
    }

    public record Pod(NamespaceConfig namespace, List<Device> devices) {
        public String name() {
            return namespace.name();
        }

        /** The pod's first address, or empty. */
        public String address() {
            for (Device d : devices) {
                if (!d.address().isEmpty() && !"lo".equals(d.name())) {
                    return d.address();
                }
            }
            return "";
        }
    }

    /**
     * A node (or router) and what it holds. {@code namespace} is null for the group of pods whose
     * owner is not a known host.
     */
    public record Host(String name, NamespaceConfig namespace, List<Pod> pods, List<Device> bridges,
                       List<Device> vethPorts, List<Device> tunnels, List<Device> nics, List<Device> others) {
        /** The underlay address of the first NIC, or empty. */
        public String address() {
            return nics.isEmpty() ? "" : nics.get(0).address();
        }
    }

    /** A link; for {@link LinkKind#UNDERLAY} {@code b} is the segment ({@code device} null). */
    public record Link(LinkKind kind, Endpoint a, Endpoint b) {}

    private final NetworkConfig network;
    private final List<Host> hosts;
    private final List<Link> links;
    private final Map<String, String> hostOfNamespace = new LinkedHashMap<>();
    private final Map<Endpoint, Device> devices = new LinkedHashMap<>();

    private Topology(NetworkConfig network) {
        this.network = network;
        Map<String, NamespaceConfig> hostNs = new LinkedHashMap<>();
        Map<String, List<NamespaceConfig>> podsByOwner = new LinkedHashMap<>();
        for (NamespaceConfig ns : network.namespaces()) {
            if (isPod(ns)) {
                podsByOwner.computeIfAbsent(ns.owner() == null ? "" : ns.owner(), k -> new ArrayList<>()).add(ns);
            } else {
                hostNs.put(ns.name(), ns);
            }
        }
        List<Host> hs = new ArrayList<>();
        for (NamespaceConfig ns : hostNs.values()) {
            hs.add(host(ns.name(), ns, podsByOwner.getOrDefault(ns.name(), List.of())));
        }
        List<NamespaceConfig> orphans = new ArrayList<>();
        for (Map.Entry<String, List<NamespaceConfig>> e : podsByOwner.entrySet()) {
            if (!hostNs.containsKey(e.getKey())) {
                orphans.addAll(e.getValue());
            }
        }
        if (!orphans.isEmpty()) {
            hs.add(host("(unplaced pods)", null, orphans));
        }
        this.hosts = List.copyOf(hs);
        this.links = List.copyOf(computeLinks());
    }

    public static Topology of(NetworkConfig network) {
        if (network == null) {
            throw new IllegalArgumentException("network config is null");
        }
        return new Topology(network);
    }

    private static boolean isPod(NamespaceConfig ns) {
        io.podnet.sim.config.NamespaceRole role = ns.kind();
        return role == io.podnet.sim.config.NamespaceRole.WORKLOAD || (ns.owner() != null && !ns.owner().equals(ns.name())
                && role != io.podnet.sim.config.NamespaceRole.HOST && role != io.podnet.sim.config.NamespaceRole.ROUTER);
    }

    private Host host(String name, NamespaceConfig ns, List<NamespaceConfig> podNs) {
        List<Pod> pods = new ArrayList<>();
        Set<String> podNames = new LinkedHashSet<>();
        for (NamespaceConfig p : podNs) {
            podNames.add(p.name());
            List<Device> ds = new ArrayList<>();
            for (InterfaceConfig i : p.interfaces()) {
                Device d = new Device(p.name(), i.name(), DeviceKind.POD_INTERFACE, i);
                ds.add(d);
                devices.put(d.endpoint(), d);
            }
            pods.add(new Pod(p, List.copyOf(ds)));
            hostOfNamespace.put(p.name(), name);
        }
        List<Device> bridges = new ArrayList<>();
        List<Device> ports = new ArrayList<>();
        List<Device> tunnels = new ArrayList<>();
        List<Device> nics = new ArrayList<>();
        List<Device> others = new ArrayList<>();
        if (ns != null) {
            hostOfNamespace.put(ns.name(), name);
            for (InterfaceConfig i : ns.interfaces()) {
                DeviceKind k = classify(i, podNames);
                Device d = new Device(ns.name(), i.name(), k, i);
                devices.put(d.endpoint(), d);
                switch (k) {
                    case BRIDGE -> bridges.add(d);
                    case VETH_HOST_END -> ports.add(d);
                    case TUNNEL -> tunnels.add(d);
                    case NIC -> nics.add(d);
                    default -> {
                        if (!"lo".equals(i.name())) {
                            others.add(d);
                        }
                    }
                }
            }
        }
        return new Host(name, ns, List.copyOf(pods), List.copyOf(bridges), List.copyOf(ports), List.copyOf(tunnels),
                List.copyOf(nics), List.copyOf(others));
    }

    private static DeviceKind classify(InterfaceConfig i, Set<String> podNames) {
        if (i instanceof InterfaceConfig.Bridge) {
            return DeviceKind.BRIDGE;
        }
        if (i instanceof InterfaceConfig.Vxlan) {
            return DeviceKind.TUNNEL;
        }
        if (i instanceof InterfaceConfig.Nic) {
            return DeviceKind.NIC;
        }
        if (i instanceof InterfaceConfig.Veth v) {
            return podNames.contains(v.peerNamespace()) ? DeviceKind.VETH_HOST_END : DeviceKind.OTHER;
        }
        String n = i.name();
        if (n.startsWith("tunl") || n.startsWith("vxlan") || n.startsWith("genev") || n.startsWith("wg")
                || n.startsWith("flannel")) {
            return DeviceKind.TUNNEL;
        }
        return DeviceKind.OTHER;
    }

    private List<Link> computeLinks() {
        List<Link> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Map<Integer, String> hostByAddress = new LinkedHashMap<>();
        for (Host h : hosts) {
            for (Device d : h.nics()) {
                for (Ipv4Prefix p : d.config().addresses()) {
                    hostByAddress.putIfAbsent(p.address().bits(), h.name());
                }
            }
            for (Device d : h.tunnels()) {
                for (Ipv4Prefix p : d.config().addresses()) {
                    hostByAddress.putIfAbsent(p.address().bits(), h.name());
                }
            }
        }
        for (NamespaceConfig ns : network.namespaces()) {
            for (InterfaceConfig i : ns.interfaces()) {
                if (i instanceof InterfaceConfig.Veth v) {
                    Endpoint a = new Endpoint(ns.name(), v.name());
                    Endpoint b = new Endpoint(v.peerNamespace(), v.peerName());
                    String key = pairKey(LinkKind.VETH, a, b);
                    if (seen.add(key)) {
                        out.add(new Link(LinkKind.VETH, a, b));
                    }
                    if (v.master() != null) {
                        out.add(new Link(LinkKind.BRIDGE_PORT, a, new Endpoint(ns.name(), v.master())));
                    }
                } else if (i instanceof InterfaceConfig.Nic nic && nic.segment() != null) {
                    out.add(new Link(LinkKind.UNDERLAY, new Endpoint(ns.name(), nic.name()), new Endpoint(nic.segment(), null)));
                }
            }
        }
        for (Host h : hosts) {
            if (h.namespace() == null || h.tunnels().isEmpty()) {
                continue;
            }
            Set<String> tunnelNames = new LinkedHashSet<>();
            h.tunnels().forEach(t -> tunnelNames.add(t.name()));
            List<String[]> candidates = new ArrayList<>();
            for (FdbConfig f : h.namespace().fdb()) {
                if (tunnelNames.contains(f.device()) && f.destination() != null) {
                    candidates.add(new String[] {f.device(), hostByAddress.get(f.destination().bits())});
                }
            }
            for (RouteConfig r : h.namespace().routes()) {
                if (r.device() != null && tunnelNames.contains(r.device()) && r.via() != null) {
                    candidates.add(new String[] {r.device(), hostByAddress.get(r.via().bits())});
                }
            }
            for (String[] c : candidates) {
                Host other = c[1] == null ? null : host(c[1]);
                if (other == null || other == h || other.tunnels().isEmpty()) {
                    continue;
                }
                Device remote = other.tunnels().get(0);
                for (Device t : other.tunnels()) {
                    if (t.name().equals(c[0])) {
                        remote = t;
                    }
                }
                Endpoint a = new Endpoint(h.name(), c[0]);
                Endpoint b = remote.endpoint();
                if (seen.add(pairKey(LinkKind.TUNNEL, a, b))) {
                    out.add(new Link(LinkKind.TUNNEL, a, b));
                }
            }
        }
        return out;
    }

    private static String pairKey(LinkKind k, Endpoint a, Endpoint b) {
        String x = a.toString();
        String y = b.toString();
        return k + ":" + (x.compareTo(y) <= 0 ? x + "|" + y : y + "|" + x);
    }

    public NetworkConfig network() {
        return network;
    }

    public List<Host> hosts() {
        return hosts;
    }

    public List<Link> links() {
        return links;
    }

    public List<SegmentConfig> segments() {
        return network.segments();
    }

    public Host host(String name) {
        for (Host h : hosts) {
            if (h.name().equals(name)) {
                return h;
            }
        }
        return null;
    }

    /** The host a namespace belongs to (itself for a node), or null when unknown. */
    public String hostOf(String namespace) {
        return hostOfNamespace.get(namespace);
    }

    /** The device at a namespace/device pair, or null. */
    public Device device(String namespace, String device) {
        return device == null ? null : devices.get(new Endpoint(namespace, device));
    }

    public boolean isSegment(String name) {
        for (SegmentConfig s : network.segments()) {
            if (s.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    public int podCount() {
        int n = 0;
        for (Host h : hosts) {
            n += h.pods().size();
        }
        return n;
    }

    /** Hosts by name, in topology order. */
    public Map<String, Host> hostsByName() {
        Map<String, Host> m = new LinkedHashMap<>();
        hosts.forEach(h -> m.put(h.name(), h));
        return Collections.unmodifiableMap(m);
    }
}
