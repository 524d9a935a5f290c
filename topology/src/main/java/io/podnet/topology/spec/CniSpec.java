package io.podnet.topology.spec;

import io.podnet.sim.net.Ipv4Prefix;

/**
 * The CNI configuration of the cluster. Each permitted record is one CNI family with its own
 * settings; {@link io.podnet.topology.cni.CniPlugins} maps it to the plugin that renders it.
 * Calico will be added as another permitted record.
 */
public sealed interface CniSpec permits FlannelSpec {
    /** The cluster (pod) CIDR: what kube-proxy treats as local traffic ({@code --cluster-cidr}). */
    Ipv4Prefix clusterCidr();

    /** A short name for reports, e.g. {@code flannel-vxlan}. */
    String displayName();
}
