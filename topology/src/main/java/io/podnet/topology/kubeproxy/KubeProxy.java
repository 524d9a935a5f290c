package io.podnet.topology.kubeproxy;

import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.netns.NamespaceDraft;

/** A kube-proxy mode: what it programs into a node's namespace for the cluster's Services. */
public interface KubeProxy {
    /** kube-proxy's {@code --proxy-mode} value. */
    String mode();

    /** Programs the node (for iptables: sets the namespace's {@code iptables-restore} text). */
    void program(Cluster cluster, ClusterNode node, NamespaceDraft nodeNs);
}
