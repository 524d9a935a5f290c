/**
 * The input of the topology module: a {@link io.podnet.topology.spec.ClusterSpec} as the scenario
 * parser fills it. Records validate their own fields ({@link IllegalArgumentException} naming the
 * bad value); cross-object checks (overlaps, unknown nodes, exhaustion) happen when the cluster is
 * built and raise {@link io.podnet.topology.TopologyException}.
 */
package io.podnet.topology.spec;
