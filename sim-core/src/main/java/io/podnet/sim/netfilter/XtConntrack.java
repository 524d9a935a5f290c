package io.podnet.sim.netfilter;

import io.podnet.sim.netfilter.Tokens.Token;

/** {@code -m conntrack --ctstate/--ctstatus} (xt_conntrack) and {@code -m state --state} (xt_state). */
final class XtConntrack {
    private XtConntrack() {}

    /**
     * {@code -m conntrack --ctstate/--ctstatus} and {@code -m state --state}, as xt_conntrack: without a
     * connection only a state-only match can match; {@code --ctstatus NONE} contributes no bits.
     */
    record CtState(int stateMask, boolean stateSet, boolean stateInvert, int statusMask, boolean statusSet,
                   boolean statusInvert) implements Match {
        @Override
        public boolean matches(PacketView v) {
            if (stateSet && (((v.ctStateBits() & stateMask) != 0) == stateInvert)) {
                return false;
            }
            if (!statusSet) {
                return true;
            }
            if (v.ct == null || v.ct.entry() == null) {
                return false;
            }
            return ((v.ctStatusBits() & statusMask) != 0) != statusInvert;
        }
    }

    /** {@code name} is {@code conntrack} or {@code state}. */
    static ExtensionParser.ForMatch parser(RuleParser rule, String name, Token at) {
        return new Parser(rule, name, at);
    }

    private static final class Parser extends ExtensionParser.ForMatch {
        int stateMask;
        boolean stateInvert;
        int statusMask;
        boolean statusInvert;
        boolean stateSet;
        boolean statusSet;

        Parser(RuleParser rule, String name, Token at) {
            super(name, rule, at);
        }

        @Override
        int arity(String o) {
            if (name.equals("state")) {
                return o.equals("--state") ? 1 : -1;
            }
            return switch (o) {
                case "--ctstate", "--ctstatus" -> 1;
                case "--ctproto", "--ctorigsrc", "--ctorigdst", "--ctreplsrc", "--ctrepldst", "--ctorigsrcport",
                     "--ctorigdstport", "--ctreplsrcport", "--ctrepldstport", "--ctexpire", "--ctdir" -> 1;
                default -> -1;
            };
        }

        @Override
        void option(String o, Token opt, Token arg, boolean inv) {
            switch (o) {
                case "--ctstate", "--state" -> {
                    if (stateSet) {
                        throw twice(opt);
                    }
                    stateSet = true;
                    stateInvert = inv;
                    for (String s : arg.text().split(",")) {
                        stateMask |= switch (s) {
                            case "INVALID" -> Conntrack.STATE_INVALID;
                            case "NEW" -> Conntrack.STATE_NEW;
                            case "ESTABLISHED" -> Conntrack.STATE_ESTABLISHED;
                            case "RELATED" -> Conntrack.STATE_RELATED;
                            case "UNTRACKED" -> Conntrack.STATE_UNTRACKED;
                            case "SNAT" -> name.equals("state") ? -1 : Conntrack.STATE_SNAT;
                            case "DNAT" -> name.equals("state") ? -1 : Conntrack.STATE_DNAT;
                            default -> -1;
                        };
                        if (stateMask < 0) {
                            throw err(arg, "unknown state '" + s + "'", name.equals("state")
                                    ? "INVALID, NEW, ESTABLISHED, RELATED, UNTRACKED"
                                    : "INVALID, NEW, ESTABLISHED, RELATED, UNTRACKED, SNAT, DNAT (comma-separated)");
                        }
                    }
                }
                case "--ctstatus" -> {
                    if (statusSet) {
                        throw twice(opt);
                    }
                    statusSet = true;
                    statusInvert = inv;
                    for (String s : arg.text().split(",")) {
                        statusMask |= switch (s) {
                            case "NONE" -> 0;
                            case "EXPECTED" -> Conntrack.STATUS_EXPECTED;
                            case "SEEN_REPLY" -> Conntrack.STATUS_SEEN_REPLY;
                            case "ASSURED" -> Conntrack.STATUS_ASSURED;
                            case "CONFIRMED" -> Conntrack.STATUS_CONFIRMED;
                            default -> throw err(arg, "unknown conntrack status '" + s + "'",
                                    "NONE, EXPECTED, SEEN_REPLY, ASSURED, CONFIRMED");
                        };
                    }
                }
                default -> throw err(opt, "conntrack option " + o + " is not modelled by podnet", "--ctstate, --ctstatus");
            }
        }

        @Override
        Match build() {
            if (!stateSet && !statusSet) {
                throw err(at, "-m " + name + " without " + (name.equals("state") ? "--state" : "--ctstate or --ctstatus"),
                        name.equals("state") ? "--state NEW,ESTABLISHED" : "--ctstate RELATED,ESTABLISHED");
            }
            return new CtState(stateMask, stateSet, stateInvert, statusMask, statusSet, statusInvert);
        }
    }
}
