/**
 * kube-proxy modes as they program a node: the {@link io.podnet.topology.kubeproxy.KubeProxy}
 * contract; the modes live in subpackages (iptables, nftables, ipvs), and the factory is
 * {@link io.podnet.topology.render.KubeProxies}.
 */
package io.podnet.topology.kubeproxy;
