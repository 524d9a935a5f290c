/**
 * The Linux-like IPv4 stack of a simulated network namespace, and the builder that realises a
 * rendered {@link io.podnet.sim.config.NetworkConfig} into running namespaces.
 *
 * <p>Contract: {@link io.podnet.sim.stack.NetNamespace} follows the kernel's path.
 * <pre>
 *  device RX -> (ARP: neighbour table) / (IPv4: PREROUTING -> routing)
 *      routing -> local?  INPUT -> reassembly -> VXLAN socket or LocalDelivery
 *              -> else    ip_forward? TTL check, DF/MTU check, TTL-1, FORWARD -> POSTROUTING
 *  IpLayer.output -> routing, source selection -> OUTPUT (re-route after DNAT) -> POSTROUTING
 *  POSTROUTING -> MTU (fragment, or ICMP frag needed when DF) -> neighbour (ARP) -> device TX
 * </pre>
 * Netfilter is called through {@link io.podnet.sim.netfilter.PacketFilter}; REJECT answers with the
 * ICMP error named or a TCP RST. Every step is a {@code TraceEvent}; drops carry a
 * {@code DropReason}. Routing is longest-prefix match over per-prefix-length hash maps.
 * Everything is deterministic: no wall clock, no unordered iteration reaches output.
 */
package io.podnet.sim.stack;
