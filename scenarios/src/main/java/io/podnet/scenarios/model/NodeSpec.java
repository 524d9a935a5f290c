package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;
import io.podnet.sim.net.Ipv4Address;
import java.util.Map;

/**
 * One node. {@code address} is null when the node takes the next free underlay address.
 *
 * @param zone                    an optional zone label (kept for reports), or null
 * @param subnet                  the underlay subnet (rack) the node is in, or null on a single segment
 * @param routeReflectorClusterId Calico: the node is a BGP route reflector with this cluster ID
 *                                ({@code bgp.routeReflectorClusterID}), or null
 * @param asNumber                Calico: the node's own AS ({@code bgp.asNumber}), or 0 for the global one
 * @param cpus                    the CPUs of the node's kernel ({@code cpus}), or 0 for the cost profile's
 *                                {@code cpusPerNode}
 */
public record NodeSpec(String name, Ipv4Address address, Map<String, String> labels, String zone, String subnet,
                       SourceLocation subnetLocation, Ipv4Address routeReflectorClusterId, long asNumber,
                       SourceLocation bgpLocation, SourceLocation location, int cpus) {
    public NodeSpec {
        labels = Map.copyOf(labels);
    }

    /** A node with the cost profile's CPUs. */
    public NodeSpec(String name, Ipv4Address address, Map<String, String> labels, String zone, String subnet,
                    SourceLocation subnetLocation, Ipv4Address routeReflectorClusterId, long asNumber,
                    SourceLocation bgpLocation, SourceLocation location) {
        this(name, address, labels, zone, subnet, subnetLocation, routeReflectorClusterId, asNumber, bgpLocation,
                location, 0);
    }

    /** Whether the node carries Calico BGP settings. */
    public boolean hasBgp() {
        return routeReflectorClusterId != null || asNumber != 0;
    }
}
