package io.podnet.sim.netfilter;

/**
 * One parsed rule, precompiled: the address/protocol/interface tests of the IP header are plain
 * ints, the {@code -m} matches an array, the target resolved. Immutable and shareable.
 */
public final class Rule {
    private final TableName table;
    private final String chain;
    private final int number;
    private final String text;
    private final int line;
    private final String comment;

    final int srcBits;
    final int srcMask;
    final boolean srcInvert;
    final int dstBits;
    final int dstMask;
    final boolean dstInvert;
    /** 0 = all protocols. */
    final int proto;
    final boolean protoInvert;
    final Iface in;
    final Iface out;
    /** 0 = no {@code -f}; 1 = {@code -f}; -1 = {@code ! -f}. */
    final int fragment;
    final Match[] matches;
    final Target target;
    /** Position among all rules of the ruleset (for per-namespace counters); -1 before commit. */
    final int ordinal;

    Rule(TableName table, String chain, int number, String text, int line, String comment, int srcBits, int srcMask,
         boolean srcInvert, int dstBits, int dstMask, boolean dstInvert, int proto, boolean protoInvert, Iface in,
         Iface out, int fragment, Match[] matches, Target target, int ordinal) {
        this.table = table;
        this.chain = chain;
        this.number = number;
        this.text = text;
        this.line = line;
        this.comment = comment;
        this.srcBits = srcBits & srcMask;
        this.srcMask = srcMask;
        this.srcInvert = srcInvert;
        this.dstBits = dstBits & dstMask;
        this.dstMask = dstMask;
        this.dstInvert = dstInvert;
        this.proto = proto;
        this.protoInvert = protoInvert;
        this.in = in;
        this.out = out;
        this.fragment = fragment;
        this.matches = matches;
        this.target = target;
        this.ordinal = ordinal;
    }

    Rule renumbered(String chainName, int n, Target t, int ord) {
        return new Rule(table, chainName, n, text, line, comment, srcBits, srcMask, srcInvert, dstBits, dstMask,
                dstInvert, proto, protoInvert, in, out, fragment, matches, t, ord);
    }

    boolean matches(PacketView v) {
        if ((((v.src & srcMask) == srcBits) == srcInvert) || (((v.dst & dstMask) == dstBits) == dstInvert)) {
            return false;
        }
        if (proto != 0 && ((v.proto == proto) == protoInvert)) {
            return false;
        }
        if (protoInvert && proto == 0) {
            return false;
        }
        if (in != null && !in.test(v.in)) {
            return false;
        }
        if (out != null && !out.test(v.out)) {
            return false;
        }
        if (fragment != 0 && (v.laterFragment != (fragment > 0))) {
            return false;
        }
        for (Match m : matches) {
            if (!m.matches(v)) {
                return false;
            }
        }
        return true;
    }

    public TableName table() {
        return table;
    }

    public String chain() {
        return chain;
    }

    /** 1-based position in its chain. */
    public int number() {
        return number;
    }

    /** The rule as written in the loaded text, from {@code -A} on (an {@code -I} is shown as {@code -A}). */
    public String text() {
        return text;
    }

    /** The line of the loaded text it came from. */
    public int line() {
        return line;
    }

    /** The first {@code -m comment} text, or null. */
    public String comment() {
        return comment;
    }

    /** The target name: ACCEPT, DROP, DNAT..., the chain jumped to, or "" for none. */
    public String targetName() {
        return target.name();
    }

    @Override
    public String toString() {
        return text;
    }

    /** An {@code -i}/{@code -o} test: exact name, or prefix when written with a trailing {@code +}. */
    record Iface(String name, boolean prefix, boolean invert) {
        boolean test(String dev) {
            return (prefix ? dev.startsWith(name) : dev.equals(name)) != invert;
        }
    }
}
