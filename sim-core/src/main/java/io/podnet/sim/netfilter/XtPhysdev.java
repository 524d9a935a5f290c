package io.podnet.sim.netfilter;

import io.podnet.sim.netfilter.Tokens.Token;

/**
 * {@code -m physdev} (xt_physdev): the bridge ports a bridged packet entered or leaves by, seen
 * when {@code br_netfilter} passes bridged frames to iptables. podnet's bridges do not call
 * iptables, so no packet carries bridge-port information; then, as xt_physdev does without it,
 * the match holds only when every option it uses is negated. Each evaluation reports that
 * assumption with the option's line and column.
 */
final class XtPhysdev {
    private XtPhysdev() {}

    /** @param allInverted whether every option given is negated (the answer for an unbridged packet) */
    record Physdev(boolean allInverted, int line, int column) implements Match {
        @Override
        public boolean matches(PacketView v) {
            v.context.guessed(line, column, "-m physdev: the packet is taken as not bridged (podnet's bridges do"
                    + " not pass frames to iptables); the match is " + allInverted);
            return allInverted;
        }
    }

    static ExtensionParser.ForMatch parser(RuleParser rule, Token at) {
        return new ExtensionParser.ForMatch("physdev", rule, at) {
            private final java.util.Set<String> seen = new java.util.TreeSet<>();
            private boolean allInverted = true;

            @Override
            int arity(String o) {
                return switch (o) {
                    case "--physdev-in", "--physdev-out" -> 1;
                    case "--physdev-is-in", "--physdev-is-out", "--physdev-is-bridged" -> 0;
                    default -> -1;
                };
            }

            @Override
            void option(String o, Token opt, Token arg, boolean inv) {
                if (!seen.add(o)) {
                    throw twice(opt);
                }
                if (arg != null && (arg.text().isEmpty() || arg.text().length() > 15)) {
                    throw err(arg, "interface name must be 1-15 characters", "a bridge port name such as veth1 or eth+");
                }
                allInverted &= inv;
            }

            @Override
            Match build() {
                if (seen.isEmpty()) {
                    throw err(at, "-m physdev without an option",
                            "--physdev-in, --physdev-out, --physdev-is-in, --physdev-is-out, --physdev-is-bridged");
                }
                return new Physdev(allInverted, rule.line(), at.column());
            }
        };
    }
}
