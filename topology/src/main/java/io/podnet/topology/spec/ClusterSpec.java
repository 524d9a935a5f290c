package io.podnet.topology.spec;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.podnet.sim.net.Ipv4Prefix;
import java.util.List;

/**
 * Everything needed to build a cluster: the scenario's {@code cluster} section plus the Kubernetes
 * objects of its {@code resources}, already parsed into fabric8 model objects.
 *
 * <p>Accepted objects: {@code v1 Pod}, {@code v1 Service}, {@code v1 Namespace},
 * {@code apps/v1 Deployment}, {@code discovery.k8s.io/v1 EndpointSlice} and
 * {@code networking.k8s.io/v1 NetworkPolicy} (enforced as {@link PolicySpec} says). Anything else is
 * rejected when the cluster is built. Order matters only where documented (placement, addresses).
 *
 * @param nodes         the nodes in order (order decides underlay addresses and pod subnets)
 * @param underlay      the L2 segment joining the nodes
 * @param serviceCidr   the Service CIDR (kube-apiserver {@code --service-cluster-ip-range})
 * @param clusterDomain the DNS domain, e.g. {@code cluster.local}
 * @param kubeProxy     kube-proxy's mode and flags
 * @param cni           the CNI configuration
 * @param objects       the Kubernetes objects in input order
 * @param policy        who enforces NetworkPolicies (null: {@link PolicySpec#AUTO}, the CNI decides)
 * @param dns           the cluster DNS add-on (null: {@link DnsSpec#OFF})
 * @param mtu           MTU and DF overrides written into the rendering (null: {@link MtuSettings#NONE})
 */
public record ClusterSpec(List<NodeSpec> nodes, UnderlaySpec underlay, Ipv4Prefix serviceCidr, String clusterDomain,
                          KubeProxySpec kubeProxy, CniSpec cni, List<HasMetadata> objects, PolicySpec policy,
                          DnsSpec dns, MtuSettings mtu) {
    /** kubeadm's default Service CIDR. */
    public static final Ipv4Prefix DEFAULT_SERVICE_CIDR = Ipv4Prefix.parse("10.96.0.0/12");

    public ClusterSpec {
        if (nodes == null || nodes.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one node");
        }
        nodes = List.copyOf(nodes);
        underlay = underlay == null ? UnderlaySpec.KIND : underlay;
        underlay.check();
        serviceCidr = serviceCidr == null ? DEFAULT_SERVICE_CIDR : serviceCidr.canonical();
        clusterDomain = clusterDomain == null || clusterDomain.isBlank() ? "cluster.local" : clusterDomain;
        kubeProxy = kubeProxy == null ? KubeProxySpec.IPTABLES : kubeProxy;
        if (cni == null) {
            throw new IllegalArgumentException("the cluster has no CNI configuration");
        }
        objects = objects == null ? List.of() : List.copyOf(objects);
        policy = policy == null ? PolicySpec.AUTO : policy;
        dns = dns == null ? DnsSpec.OFF : dns;
        mtu = mtu == null ? MtuSettings.NONE : mtu;
    }

    /** A cluster with the CNI's MTUs. */
    public ClusterSpec(List<NodeSpec> nodes, UnderlaySpec underlay, Ipv4Prefix serviceCidr, String clusterDomain,
                       KubeProxySpec kubeProxy, CniSpec cni, List<HasMetadata> objects, PolicySpec policy,
                       DnsSpec dns) {
        this(nodes, underlay, serviceCidr, clusterDomain, kubeProxy, cni, objects, policy, dns, null);
    }

    /** A cluster whose CNI decides policy enforcement and that runs no cluster DNS. */
    public ClusterSpec(List<NodeSpec> nodes, UnderlaySpec underlay, Ipv4Prefix serviceCidr, String clusterDomain,
                       KubeProxySpec kubeProxy, CniSpec cni, List<HasMetadata> objects) {
        this(nodes, underlay, serviceCidr, clusterDomain, kubeProxy, cni, objects, null, null, null);
    }

    /** This spec with other objects (the add-ons append theirs). */
    public ClusterSpec withObjects(List<HasMetadata> newObjects) {
        return new ClusterSpec(nodes, underlay, serviceCidr, clusterDomain, kubeProxy, cni, newObjects, policy, dns, mtu);
    }
}
