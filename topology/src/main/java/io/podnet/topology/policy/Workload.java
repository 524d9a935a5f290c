package io.podnet.topology.policy;

import io.podnet.topology.model.ClusterPod;

/**
 * A pod as the node's policy agent sees it: its host-side interface.
 *
 * @param pod       the pod
 * @param iface     the host side of its veth ({@code caliXXXXXXXXXXX} for Calico, {@code vethXXXXXXXX} for Flannel)
 * @param bridge    the bridge the host side is enslaved to ({@code cni0}), or null when routed (Calico)
 */
public record Workload(ClusterPod pod, String iface, String bridge) {
    /** The iptables match for packets leaving the pod (from-workload). */
    String fromMatch() {
        // Behind a bridge the kernel's IP hooks see the bridge, not the port (that would need -m physdev):
        // the pod is told apart by its address.
        return bridge == null ? "-i " + iface : "-i " + bridge + " -s " + pod.ip() + "/32";
    }

    /** The iptables match for packets going to the pod (to-workload). */
    String toMatch() {
        return bridge == null ? "-o " + iface : "-o " + bridge + " -d " + pod.ip() + "/32";
    }
}
