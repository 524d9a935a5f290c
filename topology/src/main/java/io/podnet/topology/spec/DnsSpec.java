package io.podnet.topology.spec;

import io.podnet.sim.net.Ipv4Address;

/**
 * The cluster DNS add-on ({@code cluster.dns} in a scenario).
 *
 * @param enabled   whether CoreDNS runs: a {@code kube-system/coredns} Deployment and the
 *                  {@code kube-system/kube-dns} Service are added to the cluster
 * @param clusterIp the kube-dns ClusterIP, or null for the default: the 10th address of the Service
 *                  CIDR as kubeadm takes it, or when a manifest already claims that address, the next
 *                  address no manifest claims
 * @param replicas  CoreDNS replicas (kubeadm deploys 2)
 * @param origin    where the settings were written
 */
public record DnsSpec(boolean enabled, Ipv4Address clusterIp, int replicas, Origin origin) {
    /** No cluster DNS (the default when no traffic uses {@code dns/} targets). */
    public static final DnsSpec OFF = new DnsSpec(false, null, 2);
    /** CoreDNS as kubeadm deploys it. */
    public static final DnsSpec COREDNS = new DnsSpec(true, null, 2);

    public DnsSpec {
        if (replicas < 1) {
            throw new IllegalArgumentException("CoreDNS needs at least one replica, got " + replicas);
        }
        origin = origin == null ? Origin.NONE : origin;
    }

    /** Settings written in code. */
    public DnsSpec(boolean enabled, Ipv4Address clusterIp, int replicas) {
        this(enabled, clusterIp, replicas, Origin.NONE);
    }

    /** The same settings, CoreDNS running or not. */
    public DnsSpec withEnabled(boolean on) {
        return new DnsSpec(on, clusterIp, replicas, origin);
    }
}
