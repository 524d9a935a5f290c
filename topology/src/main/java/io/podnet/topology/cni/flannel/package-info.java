/**
 * Flannel: subnet leases ({@link io.podnet.topology.cni.flannel.FlannelSubnets}), the bridge
 * delegate wiring of pods, and the {@code vxlan}, {@code host-gw} and {@code wireguard} backends
 * exactly as flanneld programs a node (devices, routes, permanent neighbour and FDB entries, WireGuard
 * peers); and the {@code geneve} design, rendered the same way with a GENEVE device.
 */
package io.podnet.topology.cni.flannel;
