/**
 * An nftables evaluator: parses the {@code nft -f} text kube-proxy's nftables mode writes (the
 * {@code add table/chain/set/map/rule/element} transaction form) into tables, base chains with
 * hook, type and priority, regular chains, rules, named sets and maps (verdict maps, concatenated
 * keys, prefixes), and runs the base chains at their hooks through
 * {@link io.podnet.sim.netfilter.NftHooks}, interleaved by priority with the namespace's iptables
 * tables and sharing its conntrack.
 *
 * <p>Contract: evaluation is deterministic ({@code numgen random} draws from the netfilter's seeded
 * stream); rule handles are numbered as the kernel allocates them (one counter per table for
 * chains, sets, maps and rules, from 1), so explanations name what {@code nft -a list ruleset}
 * would show. Unsupported syntax is refused at parse time with the line number.
 */
package io.podnet.sim.nftables;
