package io.podnet.topology.spec.calico;

import io.podnet.sim.net.Ipv4Address;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Calico {@code Node} resource: the BGP settings of one cluster node.
 *
 * @param name                    the node name (must be a cluster node)
 * @param labels                  labels added to the node's (for selectors)
 * @param asNumber                the node's AS, or 0 for the global one
 * @param routeReflectorClusterId set when the node is a route reflector, else null
 */
public record CalicoNode(String name, Map<String, String> labels, long asNumber, Ipv4Address routeReflectorClusterId) {
    public CalicoNode {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a Calico Node needs metadata.name");
        }
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        if (asNumber < 0 || asNumber > 4294967295L) {
            throw new InvalidFieldException("spec.bgp.asNumber", "Node " + name + " spec.bgp.asNumber " + asNumber + " is not an AS number");
        }
    }
}
