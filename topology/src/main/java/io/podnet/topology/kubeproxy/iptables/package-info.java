/**
 * kube-proxy's iptables mode: chain naming ({@link io.podnet.topology.kubeproxy.iptables.ChainNames}),
 * the rules of a full sync ({@link io.podnet.topology.kubeproxy.iptables.IptablesProxier}) and their
 * canonical layout as an {@code iptables-restore} file
 * ({@link io.podnet.topology.kubeproxy.iptables.RestoreText}). The text is loadable by the real
 * {@code iptables-restore} and is what the simulator's netfilter evaluates.
 */
package io.podnet.topology.kubeproxy.iptables;
