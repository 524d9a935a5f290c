/**
 * kube-proxy modes as they program a node: the {@link io.podnet.topology.kubeproxy.KubeProxy}
 * contract and the factory {@link io.podnet.topology.kubeproxy.KubeProxies}. iptables is rendered;
 * nftables and ipvs are to come.
 */
package io.podnet.topology.kubeproxy;
