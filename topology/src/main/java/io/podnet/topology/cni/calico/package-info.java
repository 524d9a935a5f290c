/**
 * Calico: block IPAM with node affinity and borrowing ({@link io.podnet.topology.cni.calico.CalicoIpam}),
 * the node and pod wiring of the Calico CNI plugin and Felix
 * ({@link io.podnet.topology.cni.calico.CalicoPlugin}), and the BIRD configuration confd renders
 * (full mesh, route reflectors, top-of-rack peers) as {@link io.podnet.sim.config.BgpDaemonConfig}s.
 * Routes learned over BGP are not written statically: the simulated BGP speakers install them.
 */
package io.podnet.topology.cni.calico;
