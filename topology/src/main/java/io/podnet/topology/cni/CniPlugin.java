package io.podnet.topology.cni;

import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.netns.NamespaceDraft;
import java.util.List;
import java.util.Map;

/**
 * A CNI design as it programs each node: how pod subnets are handed to nodes, how pod addresses are
 * allocated, and what devices, routes, neighbour and FDB entries it creates on a node and in its
 * pods. Implementations are stateless apart from their settings.
 */
public interface CniPlugin {
    /** A short name for reports, e.g. {@code flannel-vxlan}. */
    String name();

    /** The pod network (kube-proxy's {@code --cluster-cidr}). */
    Ipv4Prefix clusterCidr();

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
}
