/**
 * Flannel: subnet leases ({@link io.podnet.topology.cni.flannel.FlannelSubnets}), the bridge
 * delegate wiring of pods, and the {@code vxlan} and {@code host-gw} backends exactly as flanneld
 * programs a node (devices, routes, permanent neighbour and FDB entries).
 */
package io.podnet.topology.cni.flannel;
