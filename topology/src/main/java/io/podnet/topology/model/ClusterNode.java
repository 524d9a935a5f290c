package io.podnet.topology.model;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import java.util.Map;

/**
 * A node of the built cluster.
 *
 * @param name     node name; also its network namespace
 * @param index    position in the node list (0-based)
 * @param address  underlay address of {@code eth0}
 * @param underlay the underlay prefix {@code eth0} is on
 * @param labels   node labels, sorted by key
 * @param podCidr  the pod subnet the CNI gave the node (flannel: its lease, e.g. 10.244.1.0/24)
 */
public record ClusterNode(String name, int index, Ipv4Address address, Ipv4Prefix underlay, Map<String, String> labels,
                          Ipv4Prefix podCidr) {
    public ClusterNode {
        labels = Map.copyOf(labels);
    }

    /** {@code eth0}'s address with the underlay prefix length, as {@code ip addr add} takes it. */
    public Ipv4Prefix addressWithPrefix() {
        return new Ipv4Prefix(address, underlay.length());
    }
}
