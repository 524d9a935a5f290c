package io.podnet.sim.netfilter;

import io.podnet.sim.netfilter.Tokens.Token;

/**
 * {@code -m socket [--transparent] [--nowildcard] [--restore-skmark]} (xt_socket): whether an
 * established or listening local socket owns the packet (Calico and Istio's TPROXY rules use it in
 * mangle PREROUTING). Netfilter's view of a namespace carries no socket table, so the match assumes
 * "no socket" and reports that with the rule's line and the option's column. Not invertible, as in
 * the kernel.
 */
final class XtSocket {
    private XtSocket() {}

    record Socket(int line, int column) implements Match {
        @Override
        public boolean matches(PacketView v) {
            v.context.guessed(line, column, "-m socket: podnet's netfilter has no socket table here; assumed no"
                    + " local socket owns the packet (no match)");
            return false;
        }
    }

    static ExtensionParser.ForMatch parser(RuleParser rule, Token at) {
        return new ExtensionParser.ForMatch("socket", rule, at) {
            private final java.util.Set<String> seen = new java.util.TreeSet<>();

            @Override
            int arity(String o) {
                return switch (o) {
                    case "--transparent", "--nowildcard", "--restore-skmark" -> 0;
                    default -> -1;
                };
            }

            @Override
            boolean invertible(String o) {
                return false;
            }

            @Override
            void option(String o, Token opt, Token arg, boolean inv) {
                if (!seen.add(o)) {
                    throw twice(opt);
                }
            }

            @Override
            Match build() {
                return new Socket(rule.line(), at.column());
            }
        };
    }
}
