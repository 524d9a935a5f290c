package io.podnet.sim.netfilter;

import io.podnet.sim.netfilter.Tokens.Token;

/** {@code -m multiport --sports/--dports/--ports} (xt_multiport). */
final class XtMultiport {
    private XtMultiport() {}

    /** {@code -m multiport --sports/--dports/--ports}. */
    record Multiport(int which, int[] mins, int[] maxs, boolean invert) implements Match {
        static final int SRC = 1;
        static final int DST = 2;
        static final int ANY = 3;

        @Override
        public boolean matches(PacketView v) {
            if (v.sport < 0) {
                return false;
            }
            for (int i = 0; i < mins.length; i++) {
                boolean s = (which & SRC) != 0 && v.sport >= mins[i] && v.sport <= maxs[i];
                boolean d = (which & DST) != 0 && v.dport >= mins[i] && v.dport <= maxs[i];
                if (s || d) {
                    return !invert;
                }
            }
            return invert;
        }
    }

    static ExtensionParser.ForMatch parser(RuleParser rule, Token at) {
        return new Parser(rule, at);
    }

    private static final class Parser extends ExtensionParser.ForMatch {
        int which;
        int[] mins;
        int[] maxs;
        boolean invert;

        Parser(RuleParser rule, Token at) {
            super("multiport", rule, at);
        }

        @Override
        int arity(String o) {
            return switch (o) {
                case "--sports", "--source-ports", "--dports", "--destination-ports", "--ports" -> 1;
                default -> -1;
            };
        }

        @Override
        void option(String o, Token opt, Token arg, boolean inv) {
            if (which != 0) {
                throw err(opt, "multiport takes one of --sports, --dports, --ports", "one of them per -m multiport");
            }
            which = switch (o) {
                case "--sports", "--source-ports" -> Multiport.SRC;
                case "--dports", "--destination-ports" -> Multiport.DST;
                default -> Multiport.ANY;
            };
            invert = inv;
            String[] parts = arg.text().split(",");
            mins = new int[parts.length];
            maxs = new int[parts.length];
            int slots = 0;
            for (int i = 0; i < parts.length; i++) {
                int[] r = rule.portRange(new Token(parts[i], arg.column(), arg.quoted()));
                mins[i] = r[0];
                maxs[i] = r[1];
                slots += r[0] == r[1] ? 1 : 2;
            }
            if (slots > 15) {
                throw err(arg, "multiport takes at most 15 ports (a range counts as two)", "up to 15 ports");
            }
        }

        @Override
        Match build() {
            if (which == 0) {
                throw err(at, "-m multiport without --dports/--sports/--ports", "--dports 80,443");
            }
            rule.requireProtocol(at, "multiport only works with -p tcp or -p udp", 6, 17, PacketView.PROTO_SCTP);
            return new Multiport(which, mins, maxs, invert);
        }
    }
}
