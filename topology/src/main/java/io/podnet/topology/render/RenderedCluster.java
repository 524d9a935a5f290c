package io.podnet.topology.render;

import io.podnet.sim.config.NetworkConfig;
import io.podnet.topology.model.Cluster;

/**
 * The result of rendering: the node configuration both the simulator and the real-kernel check
 * realise, and the cluster model that maps names (pods, Services, nodes) to addresses.
 *
 * @param network the rendered namespaces and underlay segment
 * @param cluster the built cluster
 * @param cni     the CNI plugin's name, e.g. {@code flannel-vxlan}
 * @param proxy   the kube-proxy mode, e.g. {@code iptables}
 */
public record RenderedCluster(NetworkConfig network, Cluster cluster, String cni, String proxy) {}
