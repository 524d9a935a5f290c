package io.podnet.sim.netfilter;

import io.podnet.sim.netfilter.Tokens.Token;

/** {@code -m statistic --mode random --probability P} (xt_statistic); {@code --mode nth} is refused. */
final class XtStatistic {
    private XtStatistic() {}

    /**
     * {@code -m statistic --mode random --probability P}, drawn as the kernel does: a 31-bit random
     * value below {@code round(P * 2^31)}.
     */
    record Statistic(long threshold, boolean invert, int line, int column) implements Match {
        @Override
        public boolean matches(PacketView v) {
            boolean m = ((v.random.nextInt() & 0x7fffffffL) < threshold) ^ invert;
            v.context.guessed(line, column, "-m statistic --mode random: a random draw (seeded) decided "
                    + (m ? "a match" : "no match") + "; another draw may choose another rule");
            return m;
        }
    }

    static ExtensionParser.ForMatch parser(RuleParser rule, Token at) {
        return new Parser(rule, at);
    }

    private static final class Parser extends ExtensionParser.ForMatch {
        String mode;
        Double probability;
        boolean invert;
        Token modeTok;

        Parser(RuleParser rule, Token at) {
            super("statistic", rule, at);
        }

        @Override
        int arity(String o) {
            return switch (o) {
                case "--mode", "--probability", "--every", "--packet" -> 1;
                default -> -1;
            };
        }

        @Override
        boolean invertible(String o) {
            return o.equals("--probability") || o.equals("--every");
        }

        @Override
        void option(String o, Token opt, Token arg, boolean inv) {
            switch (o) {
                case "--mode" -> {
                    if (mode != null) {
                        throw twice(opt);
                    }
                    mode = arg.text();
                    modeTok = arg;
                    if (!mode.equals("random") && !mode.equals("nth")) {
                        throw err(arg, "unknown statistic mode '" + mode + "'", "random (nth is not modelled)");
                    }
                }
                case "--probability" -> {
                    if (probability != null) {
                        throw twice(opt);
                    }
                    double p;
                    try {
                        p = Double.parseDouble(arg.text());
                    } catch (NumberFormatException e) {
                        throw err(arg, "'" + arg.text() + "' is not a probability", "a number from 0 to 1, e.g. 0.33333333349");
                    }
                    if (!(p >= 0 && p <= 1)) {
                        throw err(arg, "probability " + arg.text() + " is outside 0..1", "a number from 0 to 1");
                    }
                    probability = p;
                    invert = inv;
                }
                default -> throw err(opt, "statistic --mode nth (" + o + ") is not modelled by podnet",
                        "-m statistic --mode random --probability P");
            }
        }

        @Override
        Match build() {
            if (mode == null) {
                throw err(at, "-m statistic without --mode", "--mode random --probability P");
            }
            if (mode.equals("nth")) {
                throw err(modeTok, "statistic --mode nth is not modelled by podnet", "--mode random --probability P");
            }
            if (probability == null) {
                throw err(at, "-m statistic --mode random without --probability", "--probability P");
            }
            // as iptables stores it: lround(0x80000000 * P)
            long threshold = Math.round(0x80000000L * probability);
            return new Statistic(threshold, invert, rule.line(), at.column());
        }
    }
}
