package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;
import io.podnet.sim.net.Ipv4Prefix;

/**
 * kube-proxy: its mode ({@code iptables}, {@code nftables} or {@code ipvs}), the flags
 * {@code --masquerade-all} and {@code --cluster-cidr} (null: the CNI's pod network, as kubeadm
 * passes it) and the IPVS scheduler ({@code ipvs.scheduler}; null: {@code rr}, used in IPVS mode).
 */
public record KubeProxySpec(String mode, SourceLocation location, boolean masqueradeAll, Ipv4Prefix clusterCidr,
                            String ipvsScheduler) {
    /** Without flags. */
    public KubeProxySpec(String mode, SourceLocation location) {
        this(mode, location, false, null, null);
    }

    /** With the default IPVS scheduler. */
    public KubeProxySpec(String mode, SourceLocation location, boolean masqueradeAll, Ipv4Prefix clusterCidr) {
        this(mode, location, masqueradeAll, clusterCidr, null);
    }

    /** The same settings in another mode ({@code --kube-proxy} on the command line). */
    public KubeProxySpec withMode(String other) {
        return new KubeProxySpec(other, location, masqueradeAll, clusterCidr, ipvsScheduler);
    }
}
