/**
 * Rendering: {@link io.podnet.topology.render.ClusterRenderer#render} turns a
 * {@link io.podnet.topology.spec.ClusterSpec} and a seed into a
 * {@link io.podnet.topology.render.RenderedCluster} — the sim-core
 * {@link io.podnet.sim.config.NetworkConfig} plus the cluster model. The entry point of the module.
 */
package io.podnet.topology.render;
