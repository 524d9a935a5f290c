package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;
import io.podnet.sim.net.Ipv4Address;

/**
 * Cluster DNS ({@code cluster.dns}): the cluster domain ({@code cluster.local}) and the CoreDNS
 * add-on, which runs when {@code enabled} is true or when any traffic targets {@code dns/NAME:PORT}.
 *
 * @param domain    the cluster domain
 * @param enabled   {@code cluster.dns.enabled} (null: only when traffic uses {@code dns/})
 * @param clusterIp the kube-dns ClusterIP (null: the Service CIDR's 10th address, or the next one no
 *                  manifest claims)
 * @param replicas  CoreDNS replicas (null: 2, as kubeadm)
 * @param location  where {@code cluster.dns} is (or the cluster section)
 */
public record DnsSpec(String domain, Boolean enabled, Ipv4Address clusterIp, Integer replicas, SourceLocation location) {
    public DnsSpec(String domain) {
        this(domain, null, null, null, null);
    }
}
