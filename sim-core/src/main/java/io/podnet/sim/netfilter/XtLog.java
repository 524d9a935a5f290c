package io.podnet.sim.netfilter;

import io.podnet.sim.netfilter.Tokens.Token;

/** {@code -j LOG [--log-prefix P] ...} (xt_LOG): shown in the trace; the rule goes on to the next one. */
final class XtLog {
    private XtLog() {}

    /** @param prefix the {@code --log-prefix}, or null */
    record Log(String prefix) implements Target {
        @Override
        public String name() {
            return "LOG";
        }

        @Override
        public Step fire(Netfilter nf, TableName tn, Rule r, PacketView v) {
            if (nf.tracing()) {
                nf.hit(tn, r, v, "LOG", "LOG" + (prefix != null ? " \"" + prefix + "\"" : ""));
            }
            return Step.NEXT_RULE;
        }
    }

    static ExtensionParser.ForTarget parser(RuleParser rule, Token at) {
        return new Parser(rule, at);
    }

    private static final class Parser extends ExtensionParser.ForTarget {
        String prefix;

        Parser(RuleParser rule, Token at) {
            super("LOG", rule, at);
        }

        @Override
        int arity(String o) {
            return switch (o) {
                case "--log-prefix", "--log-level" -> 1;
                case "--log-tcp-sequence", "--log-tcp-options", "--log-ip-options", "--log-uid", "--log-macdecode" -> 0;
                default -> -1;
            };
        }

        @Override
        void option(String o, Token opt, Token arg, boolean invert) {
            if (o.equals("--log-prefix")) {
                prefix = arg.text();
            }
        }

        @Override
        Target build() {
            return new Log(prefix);
        }
    }
}
