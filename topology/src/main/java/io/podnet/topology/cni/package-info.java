/**
 * CNI plugins as they program nodes: the {@link io.podnet.topology.cni.CniPlugin} contract (pod
 * networks, node CIDRs, IPAM, wiring, rules after kube-proxy, BGP daemons), the host-local IPAM shared
 * by bridge-based plugins. The designs live in the subpackages ({@code flannel}, {@code calico}), which
 * depend on this one and never the reverse; {@link io.podnet.topology.render.CniPlugins} maps a
 * {@link io.podnet.topology.spec.CniSpec} to a fresh plugin for one rendering.
 */
package io.podnet.topology.cni;
