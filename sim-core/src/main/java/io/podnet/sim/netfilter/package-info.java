/**
 * Netfilter as the kernel runs it, driven by the exact text {@code iptables-restore} loads.
 *
 * <ul>
 *   <li>{@link io.podnet.sim.netfilter.Ruleset#parse(String)} reads iptables-save text (tables raw,
 *       mangle, nat, filter) into an immutable, precompiled ruleset, refusing what iptables-restore or
 *       the kernel would refuse with a {@link io.podnet.sim.netfilter.ParseException} (line, column,
 *       problem, what is accepted). One ruleset may be shared by any number of namespaces.</li>
 *   <li>Each iptables extension is one file, as iptables has {@code libxt_*}: {@code Xt*.java} holds
 *       the option parser ({@link io.podnet.sim.netfilter.ExtensionParser}) and the precompiled
 *       match record or target record; {@code Extensions} is the registry by name. A target is a
 *       record of the sealed {@code Target} interface and carries its own behaviour ({@code fire}).
 *       Per-namespace state that an extension keeps ({@code -m recent} lists, {@code nfacct}
 *       counters) lives in the namespace's {@link io.podnet.sim.netfilter.Netfilter}
 *       ({@link io.podnet.sim.netfilter.RecentTables}, {@link io.podnet.sim.netfilter.Accounting}),
 *       never in the shared ruleset; time comes from the simulated clock.</li>
 *   <li>{@link io.podnet.sim.netfilter.Netfilter} is one namespace's {@link
 *       io.podnet.sim.netfilter.PacketFilter}: its own {@link io.podnet.sim.netfilter.Conntrack}, random
 *       stream ({@code -m statistic}, NAT port choice) and {@link io.podnet.sim.netfilter.NetfilterContext}
 *       ({@code addrtype LOCAL}, MASQUERADE source). It works on the first IPv4 header of the packet
 *       and the transport header right after it, rewrites the packet in the buffer for NAT, and emits
 *       one trace event per rule that fires (never for rules that do not match).</li>
 *   <li>Conntrack follows the kernel: entries are created by a connection's first packet, confirmed
 *       when it leaves INPUT or POSTROUTING (a dropped first packet leaves no entry), the nat table is
 *       consulted only for that first packet, and the binding rewrites every later packet both ways,
 *       including the datagrams quoted by RELATED ICMP errors.</li>
 * </ul>
 *
 * <p>Contract with the stack: call {@code hook} at each hook with the devices the kernel would pass
 * ({@code null} where there is none); hand reassembled datagrams to PREROUTING; keep the same
 * {@link io.podnet.sim.wire.PacketBuffer} from PREROUTING/OUTPUT to INPUT/POSTROUTING (the
 * conntrack association travels in {@code PacketBuffer.conntrack()}; a buffer that moves to another
 * namespace or is re-used for an encapsulating packet is recognised and looked up afresh). After a
 * verdict of ACCEPT at PREROUTING or OUTPUT, re-route when the destination changed; on REJECT, send
 * the ICMP error (or TCP reset) named by {@code Verdict.rejectWith()}.
 */
package io.podnet.sim.netfilter;
