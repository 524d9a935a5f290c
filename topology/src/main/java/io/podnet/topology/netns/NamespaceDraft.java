package io.podnet.topology.netns;

import io.podnet.sim.config.FdbConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NeighbourConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.Sysctls;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A network namespace being assembled by the renderer, the CNI plugin and kube-proxy, each adding
 * what it would program on a real node. {@link #build()} freezes it into a
 * {@link NamespaceConfig}; routes come out in {@code ip route show} order (by destination network,
 * shorter prefix first), everything else in the order it was added.
 */
public final class NamespaceDraft {
    private final String name;
    private final String role;
    private final String owner;
    private final List<InterfaceConfig> interfaces = new ArrayList<>();
    private final List<RouteConfig> routes = new ArrayList<>();
    private final List<NeighbourConfig> neighbours = new ArrayList<>();
    private final List<FdbConfig> fdb = new ArrayList<>();
    private Sysctls sysctls = Sysctls.HOST;
    private String iptables = "";
    private String nftables = "";

    public NamespaceDraft(String name, String role, String owner) {
        this.name = name;
        this.role = role;
        this.owner = owner;
    }

    public String name() {
        return name;
    }

    public String role() {
        return role;
    }

    public NamespaceDraft addInterface(InterfaceConfig i) {
        for (InterfaceConfig existing : interfaces) {
            if (existing.name().equals(i.name())) {
                throw new IllegalStateException("namespace " + name + " already has an interface " + i.name());
            }
        }
        interfaces.add(i);
        return this;
    }

    public NamespaceDraft addRoute(RouteConfig r) {
        routes.add(r);
        return this;
    }

    public NamespaceDraft addNeighbour(NeighbourConfig n) {
        neighbours.add(n);
        return this;
    }

    public NamespaceDraft addFdb(FdbConfig f) {
        fdb.add(f);
        return this;
    }

    public NamespaceDraft sysctls(Sysctls s) {
        this.sysctls = s;
        return this;
    }

    /** The sysctls set so far. */
    public Sysctls sysctls() {
        return sysctls;
    }

    /** The iptables-restore text set so far. */
    public String iptables() {
        return iptables;
    }

    public NamespaceDraft iptables(String restoreText) {
        this.iptables = restoreText == null ? "" : restoreText;
        return this;
    }

    /** The nft -f text set so far (kube-proxy's nftables mode). */
    public String nftables() {
        return nftables;
    }

    public NamespaceDraft nftables(String nftText) {
        this.nftables = nftText == null ? "" : nftText;
        return this;
    }

    private io.podnet.sim.config.IpvsConfig ipvs = io.podnet.sim.config.IpvsConfig.NONE;

    /** The IPVS table and IP sets set so far (kube-proxy's IPVS mode). */
    public io.podnet.sim.config.IpvsConfig ipvs() {
        return ipvs;
    }

    public NamespaceDraft ipvs(io.podnet.sim.config.IpvsConfig config) {
        this.ipvs = config == null ? io.podnet.sim.config.IpvsConfig.NONE : config;
        return this;
    }

    public List<InterfaceConfig> interfaces() {
        return List.copyOf(interfaces);
    }

    public NamespaceConfig build() {
        List<RouteConfig> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.<RouteConfig>comparingLong(r -> Integer.toUnsignedLong(r.destination().network().bits()))
                .thenComparingInt(r -> r.destination().length()));
        return new NamespaceConfig(name, role, owner, interfaces, sorted, neighbours, fdb, sysctls, iptables, nftables, ipvs);
    }
}
