/**
 * kube-proxy's IPVS mode as one full sync writes a node: the {@code kube-ipvs0} dummy device with
 * the Service addresses, the IPVS virtual and real servers (carried as {@code ipvsadm-save} text),
 * the IP sets ({@code ipset save} text) and the iptables rules beside them
 * ({@link io.podnet.topology.kubeproxy.ipvs.IpvsProxier}). The simulator runs the table with
 * {@code io.podnet.sim.ipvs.Ipvs}.
 */
package io.podnet.topology.kubeproxy.ipvs;
