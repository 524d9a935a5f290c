package io.podnet.topology.dns;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.socket.app.dns.DnsZone;
import io.podnet.sim.socket.app.dns.ResolvConf;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.model.ClusterService;
import io.podnet.topology.model.ClusterServicePort;
import io.podnet.topology.model.ServiceEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster DNS of a built cluster: where it answers (the kube-dns ClusterIP), who answers (the
 * CoreDNS pods) and what (the zone: {@code SERVICE.NAMESPACE.svc.DOMAIN} to the ClusterIP, or for a
 * headless Service to the addresses of its ready endpoints; pod records
 * {@code a-b-c-d.NAMESPACE.pod.DOMAIN}; an ExternalName Service's name as a CNAME to its
 * {@code externalName}). SRV records are not modelled.
 */
public final class ClusterDns {
    private ClusterDns() {}

    /** The kube-dns Service's ClusterIP, or null when the cluster runs no CoreDNS. */
    public static Ipv4Address nameserver(Cluster cluster) {
        ClusterService s = cluster.service(CoreDns.NAMESPACE, CoreDns.SERVICE);
        return s == null ? null : s.clusterIp();
    }

    /** The CoreDNS pods, in pod order. */
    public static List<ClusterPod> servers(Cluster cluster) {
        List<ClusterPod> out = new ArrayList<>();
        for (ClusterPod p : cluster.pods()) {
            if (p.namespace().equals(CoreDns.NAMESPACE) && "kube-dns".equals(p.labels().get("k8s-app"))) {
                out.add(p);
            }
        }
        return out;
    }

    /** What kubelet writes into a pod's {@code /etc/resolv.conf} ({@code dnsPolicy: ClusterFirst}). */
    public static ResolvConf resolvConf(Cluster cluster, ClusterPod pod) {
        Ipv4Address ns = nameserver(cluster);
        if (ns == null) {
            throw new IllegalStateException("the cluster runs no CoreDNS (cluster.dns is not enabled)");
        }
        return clusterFirst(ns, pod.namespace(), cluster.clusterDomain());
    }

    /**
     * What kubelet writes for a ClusterFirst pod in {@code namespace}: the cluster DNS as the only
     * nameserver, search {@code NS.svc.DOMAIN svc.DOMAIN DOMAIN}, {@code options ndots:5}; glibc's
     * defaults for the rest (timeout 5 s, 2 attempts).
     */
    public static ResolvConf clusterFirst(Ipv4Address clusterDns, String namespace, String domain) {
        return new ResolvConf(List.of(clusterDns),
                List.of(namespace + ".svc." + domain, "svc." + domain, domain), 5, 5_000_000_000L, 2);
    }

    /**
     * CoreDNS's pod records ({@code pods insecure}): {@code a-b-c-d.NAMESPACE.pod.DOMAIN} answers
     * a.b.c.d for any address and namespace.
     */
    static DnsZone.Synthesizer podRecords(String domain) {
        String suffix = ".pod." + domain.toLowerCase(java.util.Locale.ROOT);
        return name -> {
            if (!name.endsWith(suffix)) {
                return null;
            }
            String[] parts = name.substring(0, name.length() - suffix.length()).split("\\.");
            if (parts.length != 2) {
                return null;
            }
            String[] octets = parts[0].split("-");
            if (octets.length != 4) {
                return null;
            }
            try {
                return List.of(Ipv4Address.parse(String.join(".", octets)));
            } catch (IllegalArgumentException e) {
                return null;
            }
        };
    }

    /** The zone the CoreDNS pods answer for. */
    public static DnsZone zone(Cluster cluster) {
        Map<String, List<Ipv4Address>> records = new LinkedHashMap<>();
        Map<String, String> aliases = new LinkedHashMap<>();
        String domain = cluster.clusterDomain();
        for (ClusterService s : cluster.services()) {
            String name = s.name() + "." + s.namespace() + ".svc." + domain;
            if (s.externalName() != null && !s.externalName().isEmpty()) {
                aliases.put(name, trimDot(s.externalName()));
                continue;
            }
            if (s.clusterIp() != null) {
                records.put(name, List.of(s.clusterIp()));
                continue;
            }
            Set<Ipv4Address> ready = new LinkedHashSet<>();
            for (ClusterServicePort p : s.ports()) {
                for (ServiceEndpoint ep : p.endpoints()) {
                    if (ep.ready()) {
                        ready.add(ep.ip());
                    }
                }
            }
            if (!ready.isEmpty()) {
                records.put(name, new ArrayList<>(ready));
            }
        }
        return new DnsZone(domain, records, aliases, podRecords(domain));
    }

    /** A name without its trailing dot ({@code externalName: db.example.com.} is allowed). */
    private static String trimDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
