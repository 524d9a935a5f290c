package io.podnet.sim.config;

import java.util.List;

/**
 * One network namespace as {@code ip netns exec NAME ...} would show it.
 *
 * @param name        namespace name (a node or pod name)
 * @param role        what it stands for: {@code node}, {@code pod} or {@code router} ({@link #kind()})
 * @param owner       the node a pod runs on (its own name for a node), for grouping in views
 * @param interfaces  devices in creation order (bridges before the veths enslaved to them)
 * @param routes      the main routing table
 * @param neighbours  static neighbour entries ({@code ip neigh replace ... nud permanent})
 * @param fdb         static forwarding entries ({@code bridge fdb append ...})
 *                    (routes, neighbours and fdb may be {@link EntryList}s sharing entries that many
 *                    namespaces hold alike, kept as they are)
 * @param sysctls     the sysctls that change forwarding
 * @param iptables    the ruleset as {@code iptables-restore} reads it, or empty for none
 * @param nftables    the nftables ruleset as {@code nft -f} reads it (kube-proxy's nftables mode), or empty
 * @param ipvs        IPVS virtual services and IP sets (kube-proxy's IPVS mode), or {@link IpvsConfig#NONE}
 */
public record NamespaceConfig(String name, String role, String owner, List<InterfaceConfig> interfaces,
                              List<RouteConfig> routes, List<NeighbourConfig> neighbours, List<FdbConfig> fdb,
                              Sysctls sysctls, String iptables, String nftables, IpvsConfig ipvs) {
    /** Without IPVS state. */
    public NamespaceConfig(String name, String role, String owner, List<InterfaceConfig> interfaces,
                           List<RouteConfig> routes, List<NeighbourConfig> neighbours, List<FdbConfig> fdb,
                           Sysctls sysctls, String iptables, String nftables) {
        this(name, role, owner, interfaces, routes, neighbours, fdb, sysctls, iptables, nftables, IpvsConfig.NONE);
    }

    /** Without an nftables ruleset. */
    public NamespaceConfig(String name, String role, String owner, List<InterfaceConfig> interfaces,
                           List<RouteConfig> routes, List<NeighbourConfig> neighbours, List<FdbConfig> fdb,
                           Sysctls sysctls, String iptables) {
        this(name, role, owner, interfaces, routes, neighbours, fdb, sysctls, iptables, "");
    }

    public NamespaceConfig {
        interfaces = List.copyOf(interfaces);
        routes = EntryList.copyOf(routes);
        neighbours = EntryList.copyOf(neighbours);
        fdb = EntryList.copyOf(fdb);
        iptables = iptables == null ? "" : iptables;
        nftables = nftables == null ? "" : nftables;
        ipvs = ipvs == null ? IpvsConfig.NONE : ipvs;
    }

    /** {@link #role()} as the simulator's neutral {@link NamespaceRole}. */
    public NamespaceRole kind() {
        return NamespaceRole.of(role);
    }

    /**
     * The routes in an order in which {@code ip route add} accepts them one by one: routes without a
     * gateway (connected, {@code scope link}, blackhole) first, then the others, each group in
     * {@link #routes()} order. {@link #routes()} is in {@code ip route show} order, which can list
     * Calico's {@code default via 169.254.1.1} before the {@code 169.254.1.1 dev eth0 scope link} route
     * that makes the gateway reachable; both realisers (the simulator's {@code NetworkBuilder} and the
     * kernel's {@code ip -b} renderer) install in this order. The final table is the same either way.
     */
    public List<RouteConfig> routesInInstallOrder() {
        List<RouteConfig> out = new java.util.ArrayList<>(routes.size());
        for (RouteConfig r : routes) {
            if (r.via() == null) {
                out.add(r);
            }
        }
        for (RouteConfig r : routes) {
            if (r.via() != null) {
                out.add(r);
            }
        }
        return out;
    }

    public InterfaceConfig iface(String ifname) {
        for (InterfaceConfig i : interfaces) {
            if (i.name().equals(ifname)) {
                return i;
            }
        }
        return null;
    }
}
