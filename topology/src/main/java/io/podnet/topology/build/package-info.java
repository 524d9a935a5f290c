/**
 * Building the {@link io.podnet.topology.model.Cluster} model from a
 * {@link io.podnet.topology.spec.ClusterSpec}: node addressing, Deployment expansion, placement,
 * pod addressing through the CNI's IPAM, Service addresses, derived EndpointSlices and endpoints.
 * Deterministic: the result depends only on the spec and the seed.
 */
package io.podnet.topology.build;
