package io.podnet.topology.render;

import io.podnet.sim.config.NetworkConfig;
import io.podnet.topology.model.Cluster;

/**
 * The result of rendering: the node configuration both the simulator and the real-kernel check
 * realise, and the cluster model that maps names (pods, Services, nodes) to addresses. It keeps the
 * node agents that rendered it (the CNI plugin with its IPAM state, kube-proxy, the NetworkPolicy
 * agent), so that the nodes can be rendered again when the cluster changes during a run
 * ({@link #rerender}).
 */
public final class RenderedCluster {
    private final NetworkConfig network;
    private final Cluster cluster;
    private final ClusterRenderer.Agents agents;
    /** Namespaces outside the cluster (external hosts on the underlay), kept when the nodes re-render. */
    private final java.util.List<io.podnet.sim.config.NamespaceConfig> hosts;
    /** Segments outside the cluster (the subnets behind an external router), kept when the nodes re-render. */
    private final java.util.List<io.podnet.sim.config.SegmentConfig> hostSegments;

    RenderedCluster(NetworkConfig network, Cluster cluster, ClusterRenderer.Agents agents) {
        this(network, cluster, agents, java.util.List.of(), java.util.List.of());
    }

    private RenderedCluster(NetworkConfig network, Cluster cluster, ClusterRenderer.Agents agents,
                            java.util.List<io.podnet.sim.config.NamespaceConfig> hosts,
                            java.util.List<io.podnet.sim.config.SegmentConfig> hostSegments) {
        this.network = network;
        this.cluster = cluster;
        this.agents = agents;
        this.hosts = java.util.List.copyOf(hosts);
        this.hostSegments = java.util.List.copyOf(hostSegments);
    }

    /**
     * This rendering with namespaces outside the cluster added to its configuration (hosts on the
     * underlay that no node agent renders: external clients); they stay through {@link #rerender}.
     */
    public RenderedCluster withHosts(java.util.List<io.podnet.sim.config.NamespaceConfig> more) {
        return withHosts(more, java.util.List.of());
    }

    /**
     * This rendering with namespaces and segments outside the cluster added (an external router and
     * the subnets behind it); they stay through {@link #rerender}.
     */
    public RenderedCluster withHosts(java.util.List<io.podnet.sim.config.NamespaceConfig> more,
                                     java.util.List<io.podnet.sim.config.SegmentConfig> segments) {
        java.util.List<io.podnet.sim.config.NamespaceConfig> all = new java.util.ArrayList<>(hosts);
        all.addAll(more);
        java.util.List<io.podnet.sim.config.SegmentConfig> allSegments = new java.util.ArrayList<>(hostSegments);
        allSegments.addAll(segments);
        return new RenderedCluster(withHosts(network, more, segments), cluster, agents, all, allSegments);
    }

    private static NetworkConfig withHosts(NetworkConfig n, java.util.List<io.podnet.sim.config.NamespaceConfig> more,
                                           java.util.List<io.podnet.sim.config.SegmentConfig> segments) {
        if (more.isEmpty() && segments.isEmpty()) {
            return n;
        }
        java.util.List<io.podnet.sim.config.NamespaceConfig> all = new java.util.ArrayList<>(n.namespaces());
        all.addAll(more);
        java.util.List<io.podnet.sim.config.SegmentConfig> allSegments = new java.util.ArrayList<>(n.segments());
        allSegments.addAll(segments);
        return new NetworkConfig(all, allSegments, n.bgp());
    }

    /** The rendered namespaces and underlay segments. */
    public NetworkConfig network() {
        return network;
    }

    /** The built cluster. */
    public Cluster cluster() {
        return cluster;
    }

    /** The CNI plugin's name, e.g. {@code flannel-vxlan}. */
    public String cni() {
        return agents.cni.name();
    }

    /** The kube-proxy mode, e.g. {@code iptables}. */
    public String proxy() {
        return agents.proxy.mode();
    }

    /**
     * Every node rendered again, by the same steps and the same agents as at first, for another state
     * of the cluster: the same nodes and pods (addresses, placement) with other endpoints, Services,
     * labels or NetworkPolicies, as the node agents (kube-proxy, Felix) see it after a change. The
     * BGP daemons and segments are kept. The node's {@code iptables} text is what its agents would
     * load now.
     *
     * @param view the cluster as the node agents see it now (from {@link #cluster()}, or
     *             {@link io.podnet.topology.build.ClusterBuilder#update})
     * @return this rendering for {@code view}
     * @throws io.podnet.topology.TopologyException when {@code view} cannot be rendered (e.g. a
     *                                              NetworkPolicy the agent refuses)
     */
    public RenderedCluster rerender(Cluster view) {
        return new RenderedCluster(withHosts(agents.network(view, network.bgp()), hosts, hostSegments), view, agents, hosts,
                hostSegments);
    }

    /** The cluster specification this was rendered from (with the add-ons' objects). */
    public io.podnet.topology.spec.ClusterSpec spec() {
        return agents.spec;
    }

    /** The seed the cluster was built with. */
    public long seed() {
        return agents.seed;
    }
}
