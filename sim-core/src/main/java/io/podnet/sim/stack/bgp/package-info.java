/**
 * The BGP control plane running inside a simulated network: {@link io.podnet.sim.stack.bgp.BgpRuntime}
 * starts one {@link io.podnet.sim.bgp.BgpSpeaker} per configured daemon, carries its sessions over the
 * namespaces' simulated TCP to port 179 ({@link io.podnet.sim.stack.bgp.TcpBgpTransport}) or over a
 * packet-less {@link io.podnet.sim.bgp.DirectTransport}, programs best routes into the routing tables
 * as BIRD does under Calico ({@code proto bird}, IPIP export rules, CrossSubnet), fails nodes and
 * measures convergence in simulated time.
 *
 * <p>Contract: deterministic (speakers start in configuration order; route changes are recorded
 * in engine order); the model never prints: route changes are ROUTE events and session changes
 * NOTE events located at {@code NAMESPACE/bird}.
 */
package io.podnet.sim.stack.bgp;
