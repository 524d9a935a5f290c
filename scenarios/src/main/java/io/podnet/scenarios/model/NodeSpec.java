package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;
import io.podnet.sim.net.Ipv4Address;
import java.util.Map;

/**
 * One node. {@code address} is null when the node takes the next free underlay address.
 *
 * @param zone an optional zone/subnet label (kept for CNIs that compare subnets), or null
 */
public record NodeSpec(String name, Ipv4Address address, Map<String, String> labels, String zone,
                       SourceLocation location) {
    public NodeSpec {
        labels = Map.copyOf(labels);
    }
}
