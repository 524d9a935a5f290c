package io.podnet.sim.nftables;

import java.util.List;

/**
 * One rule: its handle, its text as written, and its expressions in order. Each {@link Term}
 * matches (evaluation goes on), does not (the next rule), or ends the rule with a verdict.
 * {@code line} is the rule's line in the text it was read from (the listing's for {@code nft list
 * ruleset} output).
 */
record NftRule(int handle, String text, String comment, List<Term> terms, int line) {
    /** A selector: where a key component comes from. {@code mod} is numgen's modulus. */
    record Sel(String kind, int mod) {}

    sealed interface Term permits Cmp, Lookup, Bits, MaskCmp, MarkSet, Verdict, Nat, Masquerade, Reject, Update {}

    /** {@code SEL [!=] VALUE} or {@code SEL [!=] { V, ... }}: one component, anonymous ranges. */
    record Cmp(Sel sel, boolean negate, List<NftSet.Elem> values) implements Term {}

    /** {@code SEL . SEL ... @set} (membership) or {@code ... vmap @map} / {@code vmap { ... }} (verdict map). */
    record Lookup(List<Sel> sels, String set, NftSet anonymous, boolean vmap, boolean negate) implements Term {}

    /** {@code ct state new,established} / {@code ct status dnat}: any of the bits set. */
    record Bits(Sel sel, long mask, boolean negate) implements Term {}

    /** {@code mark and MASK == VALUE} / {@code != VALUE}. */
    record MaskCmp(Sel sel, long mask, long value, boolean negate) implements Term {}

    /** {@code mark set mark OP VALUE} (op: set, or, xor, and). */
    record MarkSet(String op, long value) implements Term {}

    record Verdict(NftVerdict verdict) implements Term {}

    /** {@code dnat to A[:P]} / {@code snat to A[:P]}. */
    record Nat(boolean dst, int address, int port) implements Term {}

    record Masquerade(boolean fullyRandom) implements Term {}

    record Reject(String with) implements Term {}

    /** {@code update @set { ip saddr }} (also {@code add @set ...}). */
    record Update(String set, Sel sel) implements Term {}
}
