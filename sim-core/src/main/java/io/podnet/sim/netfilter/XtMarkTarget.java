package io.podnet.sim.netfilter;

import io.podnet.sim.netfilter.Tokens.Token;

/** {@code -j MARK --set-xmark/--set-mark/--and-mark/--or-mark/--xor-mark} (xt_mark's target). */
final class XtMarkTarget {
    private XtMarkTarget() {}

    /** The packet mark becomes {@code (mark & ~mask) ^ xor}; the rule goes on to the next one. */
    record Mark(int mask, int xor) implements Target {
        @Override
        public String name() {
            return "MARK";
        }

        @Override
        public Step fire(Netfilter nf, TableName tn, Rule r, PacketView v) {
            int old = v.mark();
            int now = (old & ~mask) ^ xor;
            v.buf.setMark(now);
            if (nf.tracing()) {
                nf.hit(tn, r, v, "MARK", "MARK 0x" + Integer.toHexString(old) + " -> 0x" + Integer.toHexString(now));
            }
            return Step.NEXT_RULE;
        }
    }

    static ExtensionParser.ForTarget parser(RuleParser rule, Token at) {
        return new Parser(rule, at);
    }

    private static final class Parser extends ExtensionParser.ForTarget {
        long mask;
        long xor;
        boolean set;

        Parser(RuleParser rule, Token at) {
            super("MARK", rule, at);
        }

        @Override
        int arity(String o) {
            return switch (o) {
                case "--set-xmark", "--set-mark", "--and-mark", "--or-mark", "--xor-mark" -> 1;
                default -> -1;
            };
        }

        @Override
        void option(String o, Token opt, Token arg, boolean invert) {
            if (set) {
                throw err(opt, "MARK takes one of --set-xmark, --set-mark, --and-mark, --or-mark, --xor-mark",
                        "one of them per rule");
            }
            set = true;
            switch (o) {
                case "--set-xmark" -> {
                    long[] vm = rule.valueMask(arg);
                    xor = vm[0];
                    mask = vm[1];
                }
                case "--set-mark" -> {
                    long[] vm = rule.valueMask(arg);
                    xor = vm[0];
                    mask = vm[1] | vm[0];
                }
                case "--and-mark" -> {
                    long v = rule.uint32(arg, arg.text());
                    xor = 0;
                    mask = ~v & 0xffffffffL;
                }
                case "--or-mark" -> {
                    long v = rule.uint32(arg, arg.text());
                    xor = v;
                    mask = v;
                }
                default -> {
                    long v = rule.uint32(arg, arg.text());
                    xor = v;
                    mask = 0;
                }
            }
        }

        @Override
        Target build() {
            if (!set) {
                throw err(at, "MARK without an operation", "--set-xmark V/M, --set-mark V[/M], --or-mark V, --and-mark V,"
                        + " --xor-mark V");
            }
            return new Mark((int) mask, (int) xor);
        }
    }
}
