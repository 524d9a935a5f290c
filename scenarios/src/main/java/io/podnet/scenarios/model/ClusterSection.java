package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;
import io.podnet.sim.net.Ipv4Prefix;
import java.util.List;

/**
 * The {@code cluster} section: nodes, the underlay they share, the Service range, kube-proxy, DNS
 * and the CNI.
 */
public record ClusterSection(SourceLocation location, List<NodeSpec> nodes, UnderlaySpec underlay,
                             Ipv4Prefix serviceCidr, SourceLocation serviceCidrLocation, KubeProxySpec kubeProxy,
                             DnsSpec dns, CniSpec cni) {
    public ClusterSection {
        nodes = List.copyOf(nodes);
    }

    public NodeSpec node(String name) {
        for (NodeSpec n : nodes) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        return null;
    }
}
