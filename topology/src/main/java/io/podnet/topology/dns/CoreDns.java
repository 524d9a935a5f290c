package io.podnet.topology.dns;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.TopologyException;
import io.podnet.topology.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adds CoreDNS to a cluster as kubeadm installs it: a Deployment {@code kube-system/coredns}
 * (labels {@code k8s-app=kube-dns}, ports {@code dns} 53/UDP, {@code dns-tcp} 53/TCP,
 * {@code metrics} 9153/TCP; 2 replicas unless set) and the Service {@code kube-system/kube-dns}
 * with the same ports.
 *
 * <p>The ClusterIP: {@code cluster.dns.clusterIP} when given; otherwise the 10th address of the
 * Service CIDR, as kubeadm takes it (10.96.0.10 for 10.96.0.0/12) — unless a manifest already
 * claims that address with {@code spec.clusterIP} (as the seed example's my-app does), in which case
 * the next address no manifest claims (10.96.0.11). The objects go after the scenario's own, so they
 * change neither the placement nor the addresses of the scenario's pods; dynamically allocated
 * ClusterIPs step over the kube-dns address as they step over any address written in a manifest.
 */
public final class CoreDns {
    public static final String NAMESPACE = "kube-system";
    public static final String SERVICE = "kube-dns";
    public static final String DEPLOYMENT = "coredns";
    public static final Map<String, String> LABELS = Map.of("k8s-app", "kube-dns");
    public static final String IMAGE = "registry.k8s.io/coredns/coredns:v1.11.1";

    private CoreDns() {}

    /** The spec with CoreDNS among its objects when {@code spec.dns()} enables it; the spec itself otherwise. */
    public static ClusterSpec install(ClusterSpec spec) {
        if (!spec.dns().enabled()) {
            return spec;
        }
        Set<Ipv4Address> claimed = new HashSet<>();
        for (HasMetadata o : spec.objects()) {
            String ns = o.getMetadata() == null || o.getMetadata().getNamespace() == null ? "default"
                    : o.getMetadata().getNamespace();
            String name = o.getMetadata() == null ? "" : o.getMetadata().getName();
            if (NAMESPACE.equals(ns) && ((o instanceof Service && SERVICE.equals(name))
                    || (o instanceof Deployment && DEPLOYMENT.equals(name)))) {
                throw new TopologyException(spec.dns().origin(), "cluster.dns", "the scenario already has " + o.getKind() + " " + ns + "/"
                        + name + ", which the CoreDNS add-on creates; remove it, or set cluster.dns.enabled: false");
            }
            if (o instanceof Service s && s.getSpec() != null && s.getSpec().getClusterIP() != null) {
                try {
                    claimed.add(Ipv4Address.parse(s.getSpec().getClusterIP()));
                } catch (IllegalArgumentException e) {
                    // None, or invalid: the builder reports it.
                }
            }
        }
        Ipv4Address ip = spec.dns().clusterIp() != null ? spec.dns().clusterIp() : defaultAddress(spec.serviceCidr(), claimed);
        if (spec.dns().clusterIp() != null && claimed.contains(ip)) {
            throw new TopologyException(spec.dns().origin(), "cluster.dns", "cluster.dns.clusterIP " + ip + " is already the clusterIP of a"
                    + " Service in the manifests; choose another address or leave it out");
        }
        List<HasMetadata> objects = new ArrayList<>(spec.objects());
        objects.add(deployment(spec.dns().replicas()));
        objects.add(service(ip));
        return spec.withObjects(objects);
    }

    /** The 10th address of the range, or the next one no manifest claims. */
    static Ipv4Address defaultAddress(Ipv4Prefix cidr, Set<Ipv4Address> claimed) {
        for (long i = 10; i < cidr.size() - 1; i++) {
            Ipv4Address a = cidr.host(i);
            if (!claimed.contains(a)) {
                return a;
            }
        }
        throw new TopologyException("cluster.serviceCIDR", "no address left in the service CIDR " + cidr
                + " for the kube-dns Service; use a larger serviceCIDR");
    }

    static Deployment deployment(int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName(DEPLOYMENT).withNamespace(NAMESPACE)
                .withLabels(LABELS).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(LABELS).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(LABELS).endMetadata()
                .withNewSpec().addNewContainer().withName("coredns").withImage(IMAGE)
                .addNewPort().withName("dns").withContainerPort(53).withProtocol("UDP").endPort()
                .addNewPort().withName("dns-tcp").withContainerPort(53).withProtocol("TCP").endPort()
                .addNewPort().withName("metrics").withContainerPort(9153).withProtocol("TCP").endPort()
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    static Service service(Ipv4Address ip) {
        return new ServiceBuilder().withNewMetadata().withName(SERVICE).withNamespace(NAMESPACE)
                .withLabels(Map.of("k8s-app", "kube-dns", "kubernetes.io/name", "CoreDNS")).endMetadata()
                .withNewSpec().withClusterIP(ip.toString()).withSelector(LABELS)
                .addNewPort().withName("dns").withPort(53).withTargetPort(new IntOrString(53)).withProtocol("UDP").endPort()
                .addNewPort().withName("dns-tcp").withPort(53).withTargetPort(new IntOrString(53)).withProtocol("TCP").endPort()
                .addNewPort().withName("metrics").withPort(9153).withTargetPort(new IntOrString(9153)).withProtocol("TCP")
                .endPort().endSpec().build();
    }
}
