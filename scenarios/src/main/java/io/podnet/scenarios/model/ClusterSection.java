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
                             DnsSpec dns, CniSpec cni, MtuSpec mtu, NetworkPolicySection networkPolicy,
                             List<ExternalHost> external) {
    public ClusterSection {
        external = external == null ? List.of() : List.copyOf(external);
        nodes = List.copyOf(nodes);
        mtu = mtu == null ? MtuSpec.none(location) : mtu;
        networkPolicy = networkPolicy == null ? new NetworkPolicySection(NetworkPolicySection.AUTO, location) : networkPolicy;
    }

    /** Without external hosts. */
    public ClusterSection(SourceLocation location, List<NodeSpec> nodes, UnderlaySpec underlay, Ipv4Prefix serviceCidr,
                          SourceLocation serviceCidrLocation, KubeProxySpec kubeProxy, DnsSpec dns, CniSpec cni,
                          MtuSpec mtu, NetworkPolicySection networkPolicy) {
        this(location, nodes, underlay, serviceCidr, serviceCidrLocation, kubeProxy, dns, cni, mtu, networkPolicy, null);
    }

    /** Without MTU overrides; the CNI decides NetworkPolicy enforcement. */
    public ClusterSection(SourceLocation location, List<NodeSpec> nodes, UnderlaySpec underlay, Ipv4Prefix serviceCidr,
                          SourceLocation serviceCidrLocation, KubeProxySpec kubeProxy, DnsSpec dns, CniSpec cni) {
        this(location, nodes, underlay, serviceCidr, serviceCidrLocation, kubeProxy, dns, cni, null, null);
    }

    /** The same section with another CNI. */
    public ClusterSection withCni(CniSpec other) {
        return new ClusterSection(location, nodes, underlay, serviceCidr, serviceCidrLocation, kubeProxy, dns, other, mtu,
                networkPolicy, external);
    }

    /** The same section with other kube-proxy settings. */
    public ClusterSection withKubeProxy(KubeProxySpec other) {
        return new ClusterSection(location, nodes, underlay, serviceCidr, serviceCidrLocation, other, dns, cni, mtu,
                networkPolicy, external);
    }

    /** The external host with this name, or null. */
    public ExternalHost externalHost(String name) {
        for (ExternalHost h : external) {
            if (h.name().equals(name)) {
                return h;
            }
        }
        return null;
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
