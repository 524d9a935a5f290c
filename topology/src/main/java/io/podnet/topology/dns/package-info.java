/**
 * The cluster DNS add-on: {@link io.podnet.topology.dns.CoreDns} adds CoreDNS as kubeadm deploys it
 * (the {@code kube-system/coredns} Deployment and the {@code kube-system/kube-dns} Service) to a
 * cluster's objects before it is built; {@link io.podnet.topology.dns.ClusterDns} derives from the
 * built cluster what the CoreDNS pods answer (the zone) and what each pod's {@code resolv.conf} says.
 */
package io.podnet.topology.dns;
