package io.podnet.sim.netfilter;

import io.podnet.sim.netfilter.Tokens.Token;

/** {@code -m mark --mark V[/M]} (xt_mark). */
final class XtMark {
    private XtMark() {}

    /** {@code -m mark --mark V[/M]}: {@code (mark & M) == V}. */
    record Mark(int value, int mask, boolean invert) implements Match {
        @Override
        public boolean matches(PacketView v) {
            return ((v.mark() & mask) == value) ^ invert;
        }
    }

    static ExtensionParser.ForMatch parser(RuleParser rule, Token at) {
        return new Parser(rule, at);
    }

    private static final class Parser extends ExtensionParser.ForMatch {
        long[] vm;
        boolean invert;

        Parser(RuleParser rule, Token at) {
            super("mark", rule, at);
        }

        @Override
        int arity(String o) {
            return o.equals("--mark") ? 1 : -1;
        }

        @Override
        void option(String o, Token opt, Token arg, boolean inv) {
            if (vm != null) {
                throw twice(opt);
            }
            vm = rule.valueMask(arg);
            invert = inv;
        }

        @Override
        Match build() {
            if (vm == null) {
                throw err(at, "-m mark without --mark", "-m mark --mark VALUE[/MASK]");
            }
            return new Mark((int) (vm[0] & vm[1]), (int) vm[1], invert);
        }
    }
}
