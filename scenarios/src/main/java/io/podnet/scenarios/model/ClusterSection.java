package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.spec.CniSpec;
import io.podnet.topology.spec.DnsSpec;
import io.podnet.topology.spec.KubeProxySpec;
import io.podnet.topology.spec.MtuSettings;
import io.podnet.topology.spec.NodeSpec;
import io.podnet.topology.spec.RackSpec;
import io.podnet.topology.spec.UnderlaySpec;
import java.util.List;

/**
 * The {@code cluster} section: nodes, the underlay they share, the Service range, kube-proxy, DNS,
 * the CNI, the MTU overrides and who enforces NetworkPolicies. The cluster's parts are topology's
 * spec records ({@code io.podnet.topology.spec}) as the loader read them, each with its
 * {@link io.podnet.topology.spec.Origin}.
 *
 * @param clusterDomain the DNS domain ({@code cluster.dns.domain}, default {@code cluster.local})
 * @param dns           CoreDNS's settings; with {@code dnsAuto} its {@code enabled} is not used
 * @param dnsAuto       {@code cluster.dns.enabled} is not given: CoreDNS runs when a traffic item
 *                      targets {@code dns/NAME:PORT}
 */
public record ClusterSection(SourceLocation location, List<NodeSpec> nodes, UnderlaySpec underlay,
                             Ipv4Prefix serviceCidr, SourceLocation serviceCidrLocation, KubeProxySpec kubeProxy,
                             String clusterDomain, DnsSpec dns, boolean dnsAuto, CniSpec cni, MtuSettings mtu,
                             NetworkPolicySection networkPolicy, List<ExternalHost> external) {
    public ClusterSection {
        external = external == null ? List.of() : List.copyOf(external);
        nodes = List.copyOf(nodes);
        clusterDomain = clusterDomain == null ? "cluster.local" : clusterDomain;
        dns = dns == null ? DnsSpec.OFF : dns;
        mtu = mtu == null ? MtuSettings.NONE : mtu;
        networkPolicy = networkPolicy == null ? new NetworkPolicySection(NetworkPolicySection.AUTO, location) : networkPolicy;
    }

    /** The same section with another CNI. */
    public ClusterSection withCni(CniSpec other) {
        return new ClusterSection(location, nodes, underlay, serviceCidr, serviceCidrLocation, kubeProxy, clusterDomain,
                dns, dnsAuto, other, mtu, networkPolicy, external);
    }

    /** The same section with other kube-proxy settings. */
    public ClusterSection withKubeProxy(KubeProxySpec other) {
        return new ClusterSection(location, nodes, underlay, serviceCidr, serviceCidrLocation, other, clusterDomain,
                dns, dnsAuto, cni, mtu, networkPolicy, external);
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

    /** The underlay's rack (subnet) called {@code name}, or null. */
    public RackSpec rack(String name) {
        for (RackSpec r : underlay.racks()) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }
}
