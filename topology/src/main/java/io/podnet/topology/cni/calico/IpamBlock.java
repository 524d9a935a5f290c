package io.podnet.topology.cni.calico;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import java.util.Map;

/**
 * A snapshot of one Calico IPAM block.
 *
 * @param cidr        the block
 * @param pool        the IPPool it belongs to
 * @param node        the node it is affine to
 * @param allocations address to handle ({@code namespace/pod}, or {@code ipip-tunnel-addr-NODE} /
 *                    {@code vxlan-tunnel-addr-NODE}), in address order
 * @param holders     address to the node using it (differs from {@code node} when borrowed)
 */
public record IpamBlock(Ipv4Prefix cidr, String pool, String node, Map<Ipv4Address, String> allocations,
                        Map<Ipv4Address, String> holders) {
    public IpamBlock {
        allocations = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(allocations));
        holders = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(holders));
    }
}
