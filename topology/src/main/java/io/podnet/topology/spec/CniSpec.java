package io.podnet.topology.spec;

import io.podnet.sim.net.Ipv4Prefix;
import java.util.List;

/**
 * The CNI configuration of the cluster. Each permitted record is one CNI family with its own
 * settings; {@link io.podnet.topology.render.CniPlugins} maps it to the plugin that renders it.
 *
 * <p>Plain design names ({@link #named}): {@code flannel-vxlan}, {@code flannel-host-gw},
 * {@code flannel-wireguard}, {@code geneve}, {@code calico}, {@code calico-bgp}, {@code calico-ipip},
 * {@code calico-ipip-crosssubnet}, {@code calico-vxlan}, {@code calico-vxlan-crosssubnet}.
 */
public sealed interface CniSpec permits FlannelSpec, CalicoSpec, GeneveSpec {
    /** Every plain design name, in the order above. */
    List<String> DESIGNS = List.of("flannel-vxlan", "flannel-host-gw", "flannel-wireguard", "geneve", "calico",
            "calico-bgp", "calico-ipip", "calico-ipip-crosssubnet", "calico-vxlan", "calico-vxlan-crosssubnet");

    /** The cluster (pod) CIDR: what kube-proxy treats as local traffic ({@code --cluster-cidr}). */
    Ipv4Prefix clusterCidr();

    /** A short name for reports, e.g. {@code flannel-vxlan}. */
    String displayName();

    /**
     * The plain design name this configuration was given as or amounts to, one of {@link #DESIGNS}
     * ({@code calico} for Calico's CNI config, which takes its IPPools as they are).
     */
    String designName();

    /** Where the configuration was written ({@link Origin#NONE} for one built in code). */
    Origin origin();

    /**
     * A design by its plain name with its defaults, on a pod network (flannel's Network, the GENEVE
     * network, or Calico's default pool CIDR; null takes each design's default: 10.244.0.0/16 for
     * flannel and GENEVE, 192.168.0.0/16 for Calico).
     *
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones)
     */
    static CniSpec named(String name, Ipv4Prefix podNetwork) {
        Ipv4Prefix flannelNet = podNetwork == null ? Ipv4Prefix.parse("10.244.0.0/16") : podNetwork;
        if (name != null && name.startsWith("flannel-")) {
            return FlannelSpec.of(flannelNet, FlannelSpec.Backend.parse(name.substring("flannel-".length())));
        }
        if ("geneve".equals(name)) {
            return GeneveSpec.of(flannelNet);
        }
        CalicoSpec.Design d = CalicoSpec.Design.byName(name);
        if (d != null) {
            return new CalicoSpec(d, podNetwork, 0, 0, null);
        }
        throw new IllegalArgumentException("unknown CNI design '" + name + "'; known: " + String.join(", ", DESIGNS));
    }
}
