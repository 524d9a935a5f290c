package io.podnet.sim.netfilter;

import io.podnet.sim.netfilter.Tokens.Token;

/**
 * {@code -m set [!] --match-set NAME FLAGS} (xt_set, revision 4 as iptables-save prints it): the
 * packet's addresses/ports, each taken from the source or destination as {@code FLAGS}
 * ({@code src,dst,...}) say, looked up in the namespace's {@link IpSets}. kube-proxy (ipvs mode),
 * Calico's iptables dataplane and Cilium's legacy rules write it. When the set is unknown the match
 * assumes "not a member" and reports the guess with its line and column. {@code --return-nomatch},
 * {@code [!] --update-counters}, {@code [!] --update-subcounters} are accepted and change nothing a
 * decision depends on; the {@code --packets-*}/{@code --bytes-*} counter tests are refused.
 */
final class XtSet {
    private XtSet() {}

    record SetMatch(String name, boolean[] dstFlags, boolean invert, int line, int column) implements Match {
        @Override
        public boolean matches(PacketView v) {
            IpSets sets = v.context.ipsets();
            int m = sets == null ? -1 : sets.member(name, dstFlags, v);
            if (m < 0) {
                v.context.guessed(line, column, "-m set --match-set " + name + ": membership unknown (no --ipset"
                        + " file lists a readable set of that name); assumed not a member");
                return invert;
            }
            return (m == 1) != invert;
        }
    }

    static ExtensionParser.ForMatch parser(RuleParser rule, Token at) {
        return new ExtensionParser.ForMatch("set", rule, at) {
            private String name;
            private boolean[] flags;
            private boolean invert;
            private Token nameTok;

            @Override
            int arity(String o) {
                return switch (o) {
                    case "--match-set" -> 1;
                    case "--return-nomatch", "--update-counters", "--update-subcounters" -> 0;
                    case "--packets-eq", "--packets-lt", "--packets-gt", "--bytes-eq", "--bytes-lt", "--bytes-gt" -> 1;
                    default -> -1;
                };
            }

            @Override
            boolean invertible(String o) {
                return !o.equals("--return-nomatch");
            }

            @Override
            void option(String o, Token opt, Token arg, boolean inv) {
                switch (o) {
                    case "--match-set" -> {
                        if (name != null) {
                            throw twice(opt);
                        }
                        if (arg.text().isEmpty() || arg.text().length() > 31) {
                            throw err(arg, "set name must be 1-31 characters", "an ipset name");
                        }
                        name = arg.text();
                        nameTok = arg;
                        Token f = rule.nextArg(arg);
                        String[] parts = f.text().split(",", -1);
                        if (parts.length > 6) {
                            throw err(f, "more than 6 direction flags", "src or dst per set dimension, comma-separated");
                        }
                        flags = new boolean[parts.length];
                        for (int i = 0; i < parts.length; i++) {
                            if (parts[i].equals("dst")) {
                                flags[i] = true;
                            } else if (!parts[i].equals("src")) {
                                throw err(f, "direction flag '" + parts[i] + "'",
                                        "src or dst per set dimension, comma-separated (src,dst)");
                            }
                        }
                        invert = inv;
                    }
                    case "--return-nomatch", "--update-counters", "--update-subcounters" -> { }
                    default -> throw err(opt, "set counter test " + o + " is not modelled by podnet (podnet keeps no"
                            + " per-element counters)", "--match-set NAME FLAGS without counter tests");
                }
            }

            @Override
            Match build() {
                if (name == null) {
                    throw err(at, "-m set without --match-set", "-m set --match-set NAME src|dst[,src|dst...]");
                }
                return new SetMatch(name, flags, invert, rule.line(), nameTok.column());
            }
        };
    }
}
