package io.podnet.topology.cni;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.model.ClusterNode;

/** Pod address allocation on nodes, stateful for one cluster build. */
public interface PodIpam {
    /**
     * Keeps an address the manifest fixed ({@code status.podIP}).
     *
     * @throws io.podnet.topology.TopologyException if the address is not usable on that node or taken
     */
    void reserve(ClusterNode node, String podKey, Ipv4Address ip);

    /**
     * The next free address on the node.
     *
     * @throws io.podnet.topology.TopologyException when the node has no address left
     */
    Ipv4Address allocate(ClusterNode node, String podKey);

    /** The node's pod CIDR once addresses are allocated (default: the one it was given). */
    default Ipv4Prefix podCidrOf(ClusterNode node) {
        return node.podCidr();
    }
}
