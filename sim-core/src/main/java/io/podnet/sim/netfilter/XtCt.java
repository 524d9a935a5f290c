package io.podnet.sim.netfilter;

import io.podnet.sim.netfilter.Tokens.Token;

/** {@code -j CT --notrack} (xt_CT) and its older spelling {@code -j NOTRACK}: raw table only. */
final class XtCt {
    private XtCt() {}

    /** The packet is marked untracked: conntrack does not follow it. */
    record NoTrack() implements Target {
        static final NoTrack INSTANCE = new NoTrack();

        @Override
        public String name() {
            return "NOTRACK";
        }

        @Override
        public Step fire(Netfilter nf, TableName tn, Rule r, PacketView v) {
            v.ct = new Conntrack.Attachment(nf.conntrack(), null, false, Conntrack.UNTRACKED);
            nf.hit(tn, r, v, "NOTRACK", "NOTRACK: conntrack will not follow this packet");
            return Step.NEXT_RULE;
        }
    }

    static ExtensionParser.ForTarget ct(RuleParser rule, Token at) {
        return new CtParser(rule, at);
    }

    /** {@code -j NOTRACK}: no options. */
    static ExtensionParser.ForTarget notrack(RuleParser rule, Token at) {
        return new ExtensionParser.ForTarget("NOTRACK", rule, at) {
            @Override
            int arity(String o) {
                return -1;
            }

            @Override
            void option(String o, Token opt, Token arg, boolean invert) {
            }

            @Override
            Target build() {
                if (rule.table() != TableName.RAW) {
                    throw err(at, "NOTRACK is only valid in the raw table", "*raw");
                }
                return NoTrack.INSTANCE;
            }
        };
    }

    private static final class CtParser extends ExtensionParser.ForTarget {
        boolean notrack;

        CtParser(RuleParser rule, Token at) {
            super("CT", rule, at);
        }

        @Override
        int arity(String o) {
            return o.equals("--notrack") ? 0 : o.startsWith("--") && (o.equals("--zone") || o.equals("--helper")
                    || o.equals("--ctevents") || o.equals("--expevents") || o.equals("--timeout")) ? 1 : -1;
        }

        @Override
        void option(String o, Token opt, Token arg, boolean invert) {
            if (!o.equals("--notrack")) {
                throw err(opt, "CT " + o + " is not modelled by podnet", "CT --notrack");
            }
            notrack = true;
        }

        @Override
        Target build() {
            if (!notrack) {
                throw err(at, "CT without --notrack is not modelled by podnet", "-j CT --notrack");
            }
            if (rule.table() != TableName.RAW) {
                throw err(at, "CT is only valid in the raw table", "*raw");
            }
            return NoTrack.INSTANCE;
        }
    }
}
