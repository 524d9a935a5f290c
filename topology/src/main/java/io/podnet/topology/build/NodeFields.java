package io.podnet.topology.build;

import io.fabric8.kubernetes.api.model.Node;

/** What podnet reads from a v1 Node's fields, the same way for the loader's checks and for the build. */
public final class NodeFields {
    private NodeFields() {
    }

    /**
     * The node's IPv4 pod range: {@code spec.podCIDR}, or else the first IPv4 range of
     * {@code spec.podCIDRs} (kube-controller-manager lists one per family there); null when neither.
     */
    public static String podCidr(Node n) {
        if (n.getSpec() == null) {
            return null;
        }
        if (n.getSpec().getPodCIDR() != null && !n.getSpec().getPodCIDR().isEmpty()) {
            return n.getSpec().getPodCIDR();
        }
        if (n.getSpec().getPodCIDRs() != null) {
            for (String c : n.getSpec().getPodCIDRs()) {
                if (c != null && !c.contains(":")) {
                    return c;
                }
            }
        }
        return null;
    }
}
