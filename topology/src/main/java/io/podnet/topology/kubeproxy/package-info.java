/**
 * kube-proxy modes as they program a node: the {@link io.podnet.topology.kubeproxy.KubeProxy}
 * contract; the modes live in subpackages (iptables), and the factory is
 * {@link io.podnet.topology.render.KubeProxies}. iptables is rendered;
 * nftables and ipvs are to come.
 */
package io.podnet.topology.kubeproxy;
