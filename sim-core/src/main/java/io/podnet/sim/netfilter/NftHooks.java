package io.podnet.sim.netfilter;

/**
 * nftables base chains that run inside a namespace's netfilter beside its iptables tables (the
 * evaluator lives in {@code io.podnet.sim.nftables}). {@link Netfilter} calls {@link #filter} at
 * the gaps between the iptables tables' priorities, so base chains run in the kernel's priority
 * order (iptables: raw -300, conntrack -200, mangle -150, nat dst -100, filter 0, nat src 100; an
 * nft chain with the same priority as an iptables table runs after it, as a hook registered later
 * does), and {@link #nat} right after the iptables nat table for a connection's first packet (the
 * NAT core runs its nat chains in turn until one sets up a binding: NAT happens once per
 * connection, conntrack is shared).
 */
public interface NftHooks {
    /** Runs the non-nat base chains of {@code hook} with priority in {@code [lo, hi)}; null lets the packet go on. */
    Verdict filter(Hook hook, int lo, int hi, NftPacket packet);

    /** Runs the nat base chains of {@code hook} (a new connection without a binding yet); null lets it go on. */
    Verdict nat(Hook hook, NftPacket packet);

    /** Whether any base chain is attached to {@code hook} (lets the caller skip the work when none). */
    boolean has(Hook hook);

    /**
     * Sees every rule evaluated, matched or not ({@code podnet rules walk --nft}); none in a
     * simulation. Null removes it.
     */
    default void observe(RuleObserver observer) {}

    /** One nft rule evaluated: where it is, its text as written, and whether every match of it held. */
    interface RuleObserver {
        void evaluated(String table, String chain, boolean baseChain, int handle, int line, String text, boolean matched);
    }
}
