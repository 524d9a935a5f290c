package io.podnet.topology.spec;

import io.podnet.sim.net.Ipv4Address;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node as the cluster section declares it.
 *
 * @param name                    the node name (also the name of its network namespace)
 * @param address                 its underlay address, or null to take the next free one from the underlay CIDR
 * @param labels                  node labels (matched by {@code nodeSelector}); kept sorted by key
 * @param zone                    an optional zone label (kept for reports), or null
 * @param rack                    the rack ({@link RackSpec}) the node says it is in, as written, or null on a
 *                                single segment; {@link UnderlaySpec#racks()} lists the members each rack has
 * @param routeReflectorClusterId Calico: the node is a BGP route reflector with this cluster ID, or null
 * @param asNumber                Calico: the node's own AS, or 0 for the global one
 * @param cpus                    the CPUs of the node's kernel, or 0 for the cost profile's default
 * @param origin                  where the node was written (fields {@code name}, {@code rack}, {@code bgp})
 */
public record NodeSpec(String name, Ipv4Address address, Map<String, String> labels, String zone, String rack,
                       Ipv4Address routeReflectorClusterId, long asNumber, int cpus, Origin origin) {
    public NodeSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("node name is missing");
        }
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        origin = origin == null ? Origin.NONE : origin;
    }

    /** A node without zone, rack, BGP settings or CPU count, written in code. */
    public NodeSpec(String name, Ipv4Address address, Map<String, String> labels) {
        this(name, address, labels, null, null, null, 0, 0, Origin.NONE);
    }

    public static NodeSpec named(String name) {
        return new NodeSpec(name, null, Map.of());
    }

    /** Whether the node carries Calico BGP settings. */
    public boolean hasBgp() {
        return routeReflectorClusterId != null || asNumber != 0;
    }
}
