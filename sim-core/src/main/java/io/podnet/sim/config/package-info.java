/**
 * The rendered node configuration: what each namespace of a cluster would hold on a real machine
 * (interfaces, addresses, routes, neighbour and FDB entries, sysctls, the {@code iptables-restore}
 * text, BGP daemons) and the underlay segments. It is produced by the topology module and realised
 * twice: by {@link io.podnet.sim.stack.NetworkBuilder} in the simulator and by the dataplane module
 * in Linux network namespaces. Records only; no behaviour.
 */
package io.podnet.sim.config;
