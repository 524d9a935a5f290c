package io.podnet.topology.spec;

import io.podnet.sim.net.Ipv4Address;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node as the cluster section declares it.
 *
 * @param name    the node name (also the name of its network namespace)
 * @param address its underlay address, or null to take the next free one from the underlay CIDR
 * @param labels  node labels (matched by {@code nodeSelector}); kept sorted by key
 */
public record NodeSpec(String name, Ipv4Address address, Map<String, String> labels) {
    public NodeSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("node name is missing");
        }
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    public static NodeSpec named(String name) {
        return new NodeSpec(name, null, Map.of());
    }
}
