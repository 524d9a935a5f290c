/**
 * Mutable drafts of network namespaces that the rendering stages (node basics, CNI plugin,
 * kube-proxy) fill in turn before they are frozen into sim-core
 * {@link io.podnet.sim.config.NamespaceConfig}s. Drafts never outlive one rendering.
 */
package io.podnet.topology.netns;
