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
 * @param underlay the underlay prefix {@code eth0} is on (its rack's subnet on a routed underlay)
 * @param labels   node labels, sorted by key
 * @param podCidr  the pod subnet the CNI gave the node (flannel: its lease, e.g. 10.244.1.0/24;
 *                 Calico: the first IPAM block affine to the node, or null when it has none)
 * @param rack     the node's rack on a routed underlay, or null on a single segment
 * @param gateway  the node's default gateway (the segment's {@code .1}: its rack router, or the
 *                 single segment's gateway)
 */
public record ClusterNode(String name, int index, Ipv4Address address, Ipv4Prefix underlay, Map<String, String> labels,
                          Ipv4Prefix podCidr, String rack, Ipv4Address gateway) {
    public ClusterNode {
        labels = Map.copyOf(labels);
        if (gateway == null) {
            gateway = underlay.host(1);
        }
    }

    /** A node on the single underlay segment, gateway {@code .1}. */
    public ClusterNode(String name, int index, Ipv4Address address, Ipv4Prefix underlay, Map<String, String> labels,
                       Ipv4Prefix podCidr) {
        this(name, index, address, underlay, labels, podCidr, null, null);
    }

    /** {@code eth0}'s address with the underlay prefix length, as {@code ip addr add} takes it. */
    public Ipv4Prefix addressWithPrefix() {
        return new Ipv4Prefix(address, underlay.length());
    }

    /** The same node with another pod CIDR (Calico learns it only after IPAM). */
    public ClusterNode withPodCidr(Ipv4Prefix cidr) {
        return new ClusterNode(name, index, address, underlay, labels, cidr, rack, gateway);
    }
}
