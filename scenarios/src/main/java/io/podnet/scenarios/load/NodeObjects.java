package io.podnet.scenarios.load;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.podnet.scenarios.model.Resource;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.topology.spec.NodeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code v1 Node} objects among the resources (a {@code kubectl get nodes -o yaml} dump) as the
 * cluster's nodes: name, the first {@code InternalIP} of {@code status.addresses} as the underlay
 * address, and the labels. Their {@code spec.podCIDR} and taints travel on to topology with the
 * object itself ({@link LiveObjectChecks} checks them against the CNI).
 */
final class NodeObjects {
    private NodeObjects() {}

    /** The Node resources, in input order. */
    static List<Resource> of(List<Resource> resources) {
        List<Resource> out = new ArrayList<>();
        for (Resource r : resources) {
            if (r.object() instanceof Node) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * The nodes the Node objects define (for a scenario without {@code cluster.nodes}). A node
     * without an InternalIP takes the next free underlay address, with a warning.
     */
    static List<NodeSpec> nodes(List<Resource> nodeObjects, Diagnostics diags) {
        List<NodeSpec> out = new ArrayList<>();
        for (Resource r : nodeObjects) {
            Node n = (Node) r.object();
            SourceLocation addrAt = internalIpLocation(r);
            Ipv4Address address = null;
            String ip = internalIp(n);
            if (ip == null) {
                diags.warning(r.at("metadata", "name"), "Node " + r.name() + " has no InternalIP in status.addresses;"
                        + " it takes the next free underlay address");
            } else {
                try {
                    address = ScenarioLoader.address(ip);
                } catch (IllegalArgumentException e) {
                    diags.error(addrAt, "Node " + r.name() + " InternalIP: " + e.getMessage());
                    continue;
                }
            }
            Map<String, String> labels = n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
            // Errors about the node's address (outside the underlay, taken twice) point at its InternalIP.
            out.add(new NodeSpec(r.name(), address, labels, null, null, null, 0, 0,
                    ScenarioLoader.origin(ip == null ? r.at("metadata", "name") : addrAt)));
        }
        return out;
    }

    /** The node's first InternalIP, or null. */
    static String internalIp(Node n) {
        if (n.getStatus() == null || n.getStatus().getAddresses() == null) {
            return null;
        }
        for (NodeAddress a : n.getStatus().getAddresses()) {
            if ("InternalIP".equals(a.getType()) && a.getAddress() != null && !a.getAddress().contains(":")) {
                return a.getAddress(); // the first IPv4 InternalIP (a dual-stack node lists an IPv6 one too)
            }
        }
        return null;
    }

    /** Where the node's first InternalIP is written, or the Node's name. */
    static SourceLocation internalIpLocation(Resource r) {
        Node n = (Node) r.object();
        if (n.getStatus() != null && n.getStatus().getAddresses() != null) {
            List<NodeAddress> as = n.getStatus().getAddresses();
            for (int i = 0; i < as.size(); i++) {
                if ("InternalIP".equals(as.get(i).getType()) && as.get(i).getAddress() != null
                        && !as.get(i).getAddress().contains(":")) {
                    return r.at("status", "addresses", String.valueOf(i), "address");
                }
            }
        }
        return r.at("metadata", "name");
    }

    /** {@code spec.podCIDR}, or the first IPv4 of {@code spec.podCIDRs}, or null. */
    static String podCidr(Node n) {
        return io.podnet.topology.build.NodeFields.podCidr(n);
    }

    /** Where {@link #podCidr} is written. */
    static SourceLocation podCidrLocation(Resource r) {
        Node n = (Node) r.object();
        if (n.getSpec() != null && n.getSpec().getPodCIDR() != null && !n.getSpec().getPodCIDR().isEmpty()) {
            return r.at("spec", "podCIDR");
        }
        return r.at("spec", "podCIDRs", "0");
    }
}
