/**
 * The input of the topology module: a {@link io.podnet.topology.spec.ClusterSpec} as the scenario
 * parser fills it: nodes, the underlay (one segment, or racks behind routers), kube-proxy and the CNI
 * design ({@link io.podnet.topology.spec.CniSpec#named} for the plain names). Records validate their
 * own fields ({@link IllegalArgumentException} naming the bad value); how an underlay's ranges fit
 * together is {@link io.podnet.topology.spec.UnderlaySpec#check()}'s, which {@code ClusterSpec}
 * calls; cross-object checks (overlaps, unknown nodes, exhaustion) happen when the cluster is built
 * and raise {@link io.podnet.topology.TopologyException}. Each record carries the opaque
 * {@link io.podnet.topology.spec.Origin} of where it was written, which topology hands back in the
 * exceptions about it and never reads. Calico's own resources live in
 * {@code io.podnet.topology.spec.calico}.
 */
package io.podnet.topology.spec;
