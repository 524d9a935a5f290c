package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;
import io.podnet.sim.net.Ipv4Prefix;
import java.util.List;

/**
 * The {@code cluster} section: nodes, the underlay they share, the Service range, kube-proxy, DNS,
 * the CNI, the MTU overrides and who enforces NetworkPolicies.
 */
public record ClusterSection(SourceLocation location, List<NodeSpec> nodes, UnderlaySpec underlay,
                             Ipv4Prefix serviceCidr, SourceLocation serviceCidrLocation, KubeProxySpec kubeProxy,
                             DnsSpec dns, CniSpec cni, MtuSpec mtu, NetworkPolicySection networkPolicy) {
    public ClusterSection {
        nodes = List.copyOf(nodes);
        mtu = mtu == null ? MtuSpec.none(location) : mtu;
        networkPolicy = networkPolicy == null ? new NetworkPolicySection(NetworkPolicySection.AUTO, location) : networkPolicy;
    }

    /** Without MTU overrides; the CNI decides NetworkPolicy enforcement. */
    public ClusterSection(SourceLocation location, List<NodeSpec> nodes, UnderlaySpec underlay, Ipv4Prefix serviceCidr,
                          SourceLocation serviceCidrLocation, KubeProxySpec kubeProxy, DnsSpec dns, CniSpec cni) {
        this(location, nodes, underlay, serviceCidr, serviceCidrLocation, kubeProxy, dns, cni, null, null);
    }

    /** The same section with another CNI. */
    public ClusterSection withCni(CniSpec other) {
        return new ClusterSection(location, nodes, underlay, serviceCidr, serviceCidrLocation, kubeProxy, dns, other, mtu,
                networkPolicy);
    }

    /** The same section with another kube-proxy mode (the command line's {@code --kube-proxy}). */
    public ClusterSection withKubeProxy(KubeProxySpec other) {
        return new ClusterSection(location, nodes, underlay, serviceCidr, serviceCidrLocation, other, dns, cni, mtu,
                networkPolicy);
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
