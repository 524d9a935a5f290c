package io.podnet.sim.stack;

import io.podnet.sim.config.NamespaceRole;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.Sysctls;
import io.podnet.sim.device.BridgeDevice;
import io.podnet.sim.device.DeviceHost;
import io.podnet.sim.device.GeneveDevice;
import io.podnet.sim.device.IpipDevice;
import io.podnet.sim.device.LoopbackDevice;
import io.podnet.sim.device.NetDevice;
import io.podnet.sim.device.UdpTunnel;
import io.podnet.sim.device.VxlanDevice;
import io.podnet.sim.device.WireguardDevice;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.netfilter.PacketFilter;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.DecodeOptions;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.PacketBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * A simulated network namespace: its devices, addresses, routing table, neighbour table, sysctls
 * and netfilter, and the IPv4 path between them ({@link IpPath}). It is the {@link IpLayer} the
 * socket layer sends through and the {@link DeviceHost} its devices report to.
 */
public final class NetNamespace implements IpLayer, DeviceHost {
    private final String name;
    private final NamespaceRole role;
    private final String owner;
    private final Engine engine;
    private final Tracer tracer;
    private final LongSupplier ids;
    private final Map<String, NetDevice> devices = new LinkedHashMap<>();
    private final RoutingTable routes = new RoutingTable();
    private final Map<Integer, NetDevice> localAddresses = new HashMap<>();
    private final NeighbourTable neighbours = new NeighbourTable(this);
    private final Map<Integer, List<UdpTunnel>> udpTunnelsByPort = new HashMap<>();
    private final Set<String> proxyArp = new LinkedHashSet<>();
    private final IpPath path;
    private final LoopbackDevice lo;
    private PacketFilter filter = PacketFilter.ACCEPT_ALL;
    private LocalDelivery localDelivery;
    private boolean ipForward;
    private boolean bridgeNfCallIptables;
    private int rpFilter;
    private boolean up = true;
    private int nextIfindex = 1;
    private int nextIpId;

    public NetNamespace(String name, NamespaceRole role, String owner, Engine engine, Tracer tracer, LongSupplier ids) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("namespace name is empty");
        }
        this.name = name;
        this.role = role == null ? NamespaceRole.OTHER : role;
        this.owner = owner;
        this.engine = engine;
        this.tracer = tracer;
        this.ids = ids;
        this.path = new IpPath(this);
        this.lo = new LoopbackDevice(this, nextIfindex++);
        devices.put("lo", lo);
        addAddress(lo, Ipv4Prefix.parse("127.0.0.1/8"));
    }

    // ---- identity and services -------------------------------------------------------------

    @Override
    public String name() {
        return name;
    }

    /** What the namespace stands for: a host, a router or a workload. */
    public NamespaceRole role() {
        return role;
    }

    /** The node a pod runs on (its own name for a node). */
    public String owner() {
        return owner;
    }

    @Override
    public Engine engine() {
        return engine;
    }

    @Override
    public Tracer tracer() {
        return tracer;
    }

    @Override
    public long nextPacketId() {
        return ids.getAsLong();
    }

    /** The kernel this namespace runs in: its node (the owner), or itself when it has none. */
    @Override
    public String kernel() {
        return owner == null || owner.isEmpty() ? name : owner;
    }

    @Override
    public void charge(PacketBuffer pb, io.podnet.sim.cost.CostStep step, long bytes) {
        tracer.cpu().charge(kernel(), pb, step, bytes);
    }

    @Override
    public void charge(int cpu, PacketBuffer pb, io.podnet.sim.cost.CostStep step, long count, long bytes) {
        tracer.cpu().charge(kernel(), cpu, pb, step, count, bytes);
    }

    @Override
    public int socketCpu() {
        return tracer.cpu().socketCpu(kernel());
    }

    /** The next IPv4 identification for packets the stack itself makes (ICMP errors, resets). */
    int nextIpId() {
        int id = nextIpId;
        nextIpId = (nextIpId + 1) & 0xffff;
        return id;
    }

    @Override
    public boolean isUp() {
        return up;
    }

    /** Fails ({@code false}) or restores the whole namespace: a failed node drops everything. */
    public void setUp(boolean up) {
        this.up = up;
    }

    IpPath path() {
        return path;
    }

    // ---- devices -----------------------------------------------------------------------------

    /** The next free ifindex (the builder numbers devices in creation order; {@code lo} is 1). */
    public int allocateIfindex() {
        return nextIfindex++;
    }

    /** Registers a device created with this namespace as its host. */
    public <D extends NetDevice> D addDevice(D dev) {
        if (dev.host() != this) {
            throw new IllegalArgumentException(dev.location() + " belongs to another namespace than " + name);
        }
        if (devices.containsKey(dev.name())) {
            throw new IllegalArgumentException("namespace " + name + " already has a device named " + dev.name());
        }
        devices.put(dev.name(), dev);
        if (dev instanceof UdpTunnel t) {
            udpTunnelsByPort.computeIfAbsent(t.udpPort(), p -> new ArrayList<>()).add(t);
        }
        if (dev instanceof BridgeDevice br && bridgeNfCallIptables) {
            br.setFilter(new BridgeNetfilter(this));
        }
        return dev;
    }

    /** Devices in creation order ({@code lo} first). */
    public List<NetDevice> devices() {
        return Collections.unmodifiableList(new ArrayList<>(devices.values()));
    }

    public NetDevice device(String devName) {
        return devices.get(devName);
    }

    public LoopbackDevice loopback() {
        return lo;
    }

    /** {@code ip addr add PREFIX dev DEV}: a local address and, for prefixes shorter than /32, the connected route. */
    public void addAddress(NetDevice dev, Ipv4Prefix prefix) {
        dev.addAddress(prefix);
        localAddresses.putIfAbsent(prefix.address().bits(), dev);
        if (prefix.length() < 32 && dev != lo && routes.get(prefix) == null) {
            routes.add(new Route(RouteConfig.connected(prefix.canonical(), dev.name(), prefix.address()),
                    Route.Type.UNICAST, dev));
        }
    }

    /** True when {@code a} is one of the namespace's addresses (or in 127.0.0.0/8). */
    public boolean isLocalAddress(Ipv4Address a) {
        return localAddresses.containsKey(a.bits()) || (a.bits() >>> 24) == 127;
    }

    /**
     * The primary address of {@code devName} (what MASQUERADE uses), or null when the device is
     * unknown or has none. With {@link #isLocalAddress} and {@link #isBroadcastAddress} this is
     * what netfilter asks of its namespace ({@code NetfilterContext}).
     */
    public Ipv4Address primaryAddress(String devName) {
        NetDevice d = devices.get(devName);
        return d == null ? null : d.primaryAddress();
    }

    /** True for the directed broadcast address of a local subnet (or 255.255.255.255). */
    public boolean isBroadcastAddress(Ipv4Address a) {
        if (a.isBroadcast()) {
            return true;
        }
        for (NetDevice d : devices.values()) {
            if (d.isSubnetBroadcast(a)) {
                return true;
            }
        }
        return false;
    }

    /** Local addresses, sorted. */
    public List<Ipv4Address> localAddresses() {
        TreeSet<Ipv4Address> s = new TreeSet<>();
        for (int b : localAddresses.keySet()) {
            s.add(new Ipv4Address(b));
        }
        return List.copyOf(s);
    }

    /** The first IPIP device (the kernel's fallback {@code tunl0} takes every IPIP datagram), or null. */
    IpipDevice ipipDevice() {
        for (NetDevice d : devices.values()) {
            if (d instanceof IpipDevice t) {
                return t;
            }
        }
        return null;
    }

    /** The tunnel devices listening on UDP {@code port} in creation order, or null. */
    List<UdpTunnel> udpTunnels(int port) {
        return udpTunnelsByPort.get(port);
    }

    /** How to decode reassembled datagrams here: through this namespace's VXLAN, GENEVE and WireGuard ports. */
    DecodeOptions decodeOptions() {
        Set<Integer> vx = new TreeSet<>();
        Set<Integer> ge = new TreeSet<>();
        Set<Integer> wg = new TreeSet<>();
        for (List<UdpTunnel> ts : udpTunnelsByPort.values()) {
            for (UdpTunnel t : ts) {
                if (t instanceof VxlanDevice) {
                    vx.add(t.udpPort());
                } else if (t instanceof GeneveDevice) {
                    ge.add(t.udpPort());
                } else if (t instanceof WireguardDevice) {
                    wg.add(t.udpPort());
                }
            }
        }
        return new DecodeOptions(vx, ge, wg);
    }

    // ---- routing -----------------------------------------------------------------------------

    public RoutingTable routes() {
        return routes;
    }

    /** {@code ip route add}: binds the route to its device; checks the gateway as the kernel does. */
    public Route addRoute(RouteConfig rc) {
        Route r = bind(rc);
        routes.add(r);
        return r;
    }

    /** {@code ip route replace}. */
    public Route replaceRoute(RouteConfig rc) {
        Route r = bind(rc);
        routes.replace(r);
        return r;
    }

    /** The route bound to this namespace's device, validated as {@link #addRoute} does, without adding it. */
    Route bindRoute(RouteConfig rc) {
        return bind(rc);
    }

    private Route bind(RouteConfig rc) {
        if (rc.destination() == null) {
            throw new IllegalArgumentException("route without a destination in " + name);
        }
        Route.Type type = Route.Type.parse(rc.type());
        NetDevice dev = null;
        if (rc.device() != null) {
            dev = devices.get(rc.device());
            if (dev == null) {
                throw new IllegalArgumentException("ip route add " + rc.text() + " in " + name + ": Cannot find device \""
                        + rc.device() + "\"");
            }
        }
        if (type == Route.Type.UNICAST || type == Route.Type.LOCAL) {
            if (dev == null && rc.via() != null) {
                Route gw = routes.lookup(rc.via());
                dev = gw == null ? null : gw.device();
            }
            if (dev == null) {
                throw new IllegalArgumentException("ip route add " + rc.text() + " in " + name
                        + ": no device (give dev, or a gateway reachable through a connected route)");
            }
            if (rc.via() != null && !rc.onlink() && !onLink(dev, rc.via())) {
                throw new IllegalArgumentException("ip route add " + rc.text() + " in " + name
                        + ": Nexthop has invalid gateway (" + rc.via() + " is not on a subnet of " + dev.name()
                        + "; add onlink)");
            }
        }
        return new Route(rc.destination().canonical().equals(rc.destination()) ? rc : withCanonical(rc), type, dev);
    }

    private static RouteConfig withCanonical(RouteConfig rc) {
        return new RouteConfig(rc.type(), rc.destination().canonical(), rc.via(), rc.device(), rc.onlink(), rc.scope(),
                rc.src(), rc.proto());
    }

    private boolean onLink(NetDevice dev, Ipv4Address gw) {
        for (Ipv4Prefix p : dev.addresses()) {
            if (p.length() < 32 && p.contains(gw)) {
                return true;
            }
        }
        Route r = routes.lookup(gw);
        return r != null && r.device() == dev && r.via() == null;
    }

    /** The route for {@code dst}: a local route through {@code lo} for local addresses, else the main table. */
    public Route lookup(Ipv4Address dst) {
        if (isLocalAddress(dst)) {
            return localRoute(dst);
        }
        return routes.lookup(dst);
    }

    Route localRoute(Ipv4Address dst) {
        RouteConfig rc = new RouteConfig("local", new Ipv4Prefix(dst, 32), null, lo.name(), false, "host", dst, "kernel");
        return new Route(rc, Route.Type.LOCAL, lo);
    }

    @Override
    public Ipv4Address sourceFor(Ipv4Address dst) {
        Route r = lookup(dst);
        if (r == null || r.type() != Route.Type.UNICAST && r.type() != Route.Type.LOCAL) {
            return null;
        }
        return sourceFor(r, dst);
    }

    /** Source selection: the route's {@code src}, else an address of the output device, else any global one. */
    Ipv4Address sourceFor(Route r, Ipv4Address dst) {
        if (r.type() == Route.Type.LOCAL) {
            return dst;
        }
        if (r.src() != null) {
            return r.src();
        }
        NetDevice dev = r.device();
        Ipv4Address hop = r.nextHop(dst);
        for (Ipv4Prefix p : dev.addresses()) {
            if (p.contains(hop)) {
                return p.address();
            }
        }
        if (!dev.addresses().isEmpty()) {
            return dev.addresses().get(0).address();
        }
        for (NetDevice d : devices.values()) {
            if (d != lo && !d.addresses().isEmpty()) {
                return d.addresses().get(0).address();
            }
        }
        return null;
    }

    @Override
    public int mtuFor(Ipv4Address dst) {
        Route r = lookup(dst);
        if (r == null || r.device() == null) {
            return 0;
        }
        int mtu = r.device().mtu();
        int learned = pathMtu(dst);
        return learned > 0 ? Math.min(mtu, learned) : mtu;
    }

    /** Path MTUs learned from ICMP "fragmentation needed", with the time they expire. */
    private final java.util.Map<Ipv4Address, long[]> pathMtus = new java.util.HashMap<>();
    /** How long a learned path MTU lasts ({@code net.ipv4.route.mtu_expires}, 600 s). */
    static final long PMTU_EXPIRES = 600_000_000_000L;
    /** The smallest path MTU the kernel accepts ({@code net.ipv4.route.min_pmtu}, 552). */
    static final int MIN_PMTU = 552;

    @Override
    public void notePathMtu(Ipv4Address dst, int mtu) {
        if (mtu <= 0) {
            return;
        }
        int m = Math.max(MIN_PMTU, mtu);
        int current = pathMtu(dst);
        if (current == 0 || m < current) {
            pathMtus.put(dst, new long[] {m, engine().now() + PMTU_EXPIRES});
        }
    }

    /** The learned path MTU towards {@code dst}, or 0 when none (or it expired). */
    int pathMtu(Ipv4Address dst) {
        if (pathMtus.isEmpty()) {
            return 0; // the common case: every packet's output path asks
        }
        long[] e = pathMtus.get(dst);
        if (e == null) {
            return 0;
        }
        if (engine().now() >= e[1]) {
            pathMtus.remove(dst);
            return 0;
        }
        return (int) e[0];
    }

    /** The source of an ARP request for {@code target}: the pending packet's source if local, else the device's. */
    Ipv4Address arpSource(NetDevice dev, Ipv4Address target, Ipv4Header pending) {
        if (pending != null && isLocalAddress(pending.src()) && (pending.src().bits() >>> 24) != 127) {
            return pending.src();
        }
        for (Ipv4Prefix p : dev.addresses()) {
            if (p.contains(target)) {
                return p.address();
            }
        }
        Route r = routes.lookup(target);
        return r == null ? dev.primaryAddress() : sourceFor(r, target);
    }

    /** With proxy_arp on {@code dev} and forwarding on: the unicast route towards {@code target} out of another device. */
    Route proxyArpRoute(NetDevice dev, Ipv4Address target) {
        if (!ipForward || !proxyArp.contains(dev.name())) {
            return null;
        }
        Route r = routes.lookup(target);
        if (r == null || r.type() != Route.Type.UNICAST || r.device() == dev) {
            return null;
        }
        return r;
    }

    // ---- neighbours, netfilter, sysctls ------------------------------------------------------

    public NeighbourTable neighbours() {
        return neighbours;
    }

    public PacketFilter filter() {
        return filter;
    }

    private io.podnet.sim.ipvs.Ipvs ipvs;

    /** The namespace's IPVS (kube-proxy's IPVS mode), or null when it runs none. */
    public io.podnet.sim.ipvs.Ipvs ipvs() {
        return ipvs;
    }

    /** Attaches (or with null detaches) IPVS, asked at LOCAL_IN after the INPUT chains. */
    public void setIpvs(io.podnet.sim.ipvs.Ipvs ipvs) {
        this.ipvs = ipvs;
    }

    public void setFilter(PacketFilter filter) {
        this.filter = filter == null ? PacketFilter.ACCEPT_ALL : filter;
    }

    /** Plugs in the socket layer: datagrams INPUT accepted for this namespace go there. */
    public void setLocalDelivery(LocalDelivery delivery) {
        this.localDelivery = delivery;
    }

    public LocalDelivery localDelivery() {
        return localDelivery;
    }

    /** Applies the sysctls: ip_forward, proxy_arp per device, bridge-nf-call-iptables, rp_filter. */
    public void applySysctls(Sysctls s) {
        ipForward = s.ipForward();
        proxyArp.clear();
        proxyArp.addAll(s.proxyArpDevices());
        setRpFilter(s.rpFilter());
        setBridgeNfCallIptables(s.bridgeNfCallIptables());
    }

    public boolean ipForward() {
        return ipForward;
    }

    public void setIpForward(boolean on) {
        ipForward = on;
    }

    public void setProxyArp(String devName, boolean on) {
        if (on) {
            proxyArp.add(devName);
        } else {
            proxyArp.remove(devName);
        }
    }

    public boolean bridgeNfCallIptables() {
        return bridgeNfCallIptables;
    }

    public void setBridgeNfCallIptables(boolean on) {
        bridgeNfCallIptables = on;
        for (NetDevice d : devices.values()) {
            if (d instanceof BridgeDevice br) {
                br.setFilter(on ? new BridgeNetfilter(this) : null);
            }
        }
    }

    /** rp_filter (0 off, 1 strict, 2 loose), enforced on input for every device but lo. */
    public int rpFilter() {
        return rpFilter;
    }

    public void setRpFilter(int mode) {
        if (mode < 0 || mode > 2) {
            throw new IllegalArgumentException("rp_filter must be 0, 1 or 2, was " + mode);
        }
        rpFilter = mode;
    }

    // ---- the IP layer ------------------------------------------------------------------------

    @Override
    public void output(PacketBuffer datagram) {
        path.output(datagram);
    }

    @Override
    public void outputDatagram(PacketBuffer datagram) {
        path.output(datagram);
    }

    @Override
    public void icmpError(PacketBuffer about, int type, int code, int rest) {
        path.icmpError(about, type, code, rest);
    }

    @Override
    public void receiveFrame(NetDevice dev, PacketBuffer frame) {
        path.receiveFrame(dev, frame);
    }

    @Override
    public String toString() {
        return "netns " + name;
    }
}
