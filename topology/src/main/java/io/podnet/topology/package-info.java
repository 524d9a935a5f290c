/**
 * The Kubernetes side of podnet: a {@link io.podnet.topology.spec.ClusterSpec} (nodes, underlay, CNI,
 * kube-proxy and ordinary Kubernetes objects) is turned into a {@link io.podnet.topology.model.Cluster}
 * model (nodes, pods with addresses, Services with ClusterIPs and endpoints) and rendered into the
 * sim-core {@link io.podnet.sim.config.NetworkConfig} by
 * {@link io.podnet.topology.render.ClusterRenderer}.
 *
 * <p>Contract: rendering is a pure function of the spec and the seed; bad input raises a
 * {@link io.podnet.topology.TopologyException} naming the object at fault and what would work.
 */
package io.podnet.topology;
