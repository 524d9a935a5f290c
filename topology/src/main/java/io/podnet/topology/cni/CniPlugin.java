package io.podnet.topology.cni;

import io.podnet.sim.config.BgpDaemonConfig;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.model.ClusterRouter;
import io.podnet.topology.netns.NamespaceDraft;
import java.util.List;
import java.util.Map;

/**
 * A CNI design as it programs each node: how pod subnets are handed to nodes, how pod addresses are
 * allocated, and what devices, routes, neighbour and FDB entries it creates on a node and in its
 * pods. One instance serves one rendering: {@link #newIpam} is called once, before {@link #wire};
 * a plugin may keep what its IPAM allocated (Calico's blocks) to program the nodes.
 */
public interface CniPlugin {
    /** A short name for reports, e.g. {@code flannel-vxlan}. */
    String name();

    /** The pod network (kube-proxy's {@code --cluster-cidr}). */
    Ipv4Prefix clusterCidr();

    /** Every pod network (Calico: every IPPool), checked against the Service and underlay ranges. */
    default List<Ipv4Prefix> podNetworks() {
        return List.of(clusterCidr());
    }

    /**
     * Whether a pod's fixed {@code status.podIP} places it on the node whose pod CIDR holds it (true for
     * per-node subnets; Calico places such pods like any other and honours the address on that node).
     */
    default boolean podIpChoosesNode() {
        return true;
    }

    /**
     * The routing daemons this design runs (Calico: BIRD on every node, and on the top-of-rack routers
     * it peers with), after every node has been wired. Static designs have none.
     *
     * @param cluster the built cluster
     * @param routers the routers of a routed underlay (empty on one segment)
     */
    default List<BgpDaemonConfig> bgpDaemons(Cluster cluster, List<ClusterRouter> routers) {
        return List.of();
    }

    /**
     * The pod CIDR of each node, in the order given.
     *
     * @throws io.podnet.topology.TopologyException when the pod network cannot hold the nodes
     */
    List<Ipv4Prefix> assignNodeCidrs(List<String> nodeNames);

    /** A fresh address allocator for the given nodes (pod CIDRs already assigned). */
    PodIpam newIpam(List<ClusterNode> nodes);

    /**
     * Programs one node and the pods on it.
     *
     * @param cluster the whole cluster (remote nodes matter for routes and tunnels)
     * @param node    the node being programmed
     * @param nodeNs  the node's namespace ({@code eth0}, its routes and sysctls already present)
     * @param pods    the node's non-hostNetwork pods with their (empty) namespaces, in pod order
     * @throws io.podnet.topology.TopologyException when the cluster cannot be wired this way
     */
    void wire(Cluster cluster, ClusterNode node, NamespaceDraft nodeNs, Map<ClusterPod, NamespaceDraft> pods);

    /**
     * What the design adds to a node after kube-proxy (Calico: Felix's {@code natOutgoing} rules in
     * the nat table). Default: nothing.
     */
    default void afterKubeProxy(Cluster cluster, ClusterNode node, NamespaceDraft nodeNs) {}
}
