/**
 * CNI plugins as they program nodes: the {@link io.podnet.topology.cni.CniPlugin} contract, the
 * host-local IPAM shared by bridge-based plugins, and {@link io.podnet.topology.cni.CniPlugins},
 * which maps a {@link io.podnet.topology.spec.CniSpec} to its plugin.
 */
package io.podnet.topology.cni;
