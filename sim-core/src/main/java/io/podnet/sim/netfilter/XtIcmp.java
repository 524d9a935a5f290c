package io.podnet.sim.netfilter;

import io.podnet.sim.netfilter.Tokens.Token;

/** {@code -m icmp --icmp-type} (xt_icmp in ip_tables), also loaded implicitly by {@code -p icmp}. */
final class XtIcmp {
    private XtIcmp() {}

    /** {@code -m icmp --icmp-type T[/C]}; type 255 means any. */
    record Icmp(int type, int codeMin, int codeMax, boolean invert) implements Match {
        @Override
        public boolean matches(PacketView v) {
            if (v.proto != 1 || v.icmpType < 0) {
                return false;
            }
            boolean m = type == 0xff || (v.icmpType == type && v.icmpCode >= codeMin && v.icmpCode <= codeMax);
            return m ^ invert;
        }
    }

    /** {@code implicit}: loaded by {@code -p icmp} rather than {@code -m icmp}. */
    static ExtensionParser.ForMatch parser(RuleParser rule, Token at, boolean implicit) {
        return new Parser(rule, at, implicit);
    }

    private static final class Parser extends ExtensionParser.ForMatch {
        final boolean implicit;
        int type = 0xff;
        int codeMin;
        int codeMax = 0xff;
        boolean invert;
        boolean set;

        Parser(RuleParser rule, Token at, boolean implicit) {
            super("icmp", rule, at);
            this.implicit = implicit;
        }

        @Override
        int arity(String o) {
            return o.equals("--icmp-type") ? 1 : -1;
        }

        @Override
        void option(String o, Token opt, Token arg, boolean inv) {
            if (set) {
                throw twice(opt);
            }
            set = true;
            invert = inv;
            String s = arg.text();
            int[] named = icmpName(s);
            if (named != null) {
                type = named[0];
                codeMin = named[1];
                codeMax = named[2];
                return;
            }
            String[] parts = s.split("/", -1);
            if (parts.length > 2 || !RuleParser.digits(parts[0], 3) || Integer.parseInt(parts[0]) > 255
                    || (parts.length == 2 && (!RuleParser.digits(parts[1], 3) || Integer.parseInt(parts[1]) > 255))) {
                throw err(arg, "unknown ICMP type '" + s + "'",
                        "TYPE[/CODE] numbers or any, echo-request, echo-reply, destination-unreachable,"
                                + " port-unreachable, host-unreachable, network-unreachable, fragmentation-needed,"
                                + " time-exceeded");
            }
            type = Integer.parseInt(parts[0]);
            if (parts.length == 2) {
                codeMin = Integer.parseInt(parts[1]);
                codeMax = codeMin;
            }
        }

        private int[] icmpName(String s) {
            return switch (s) {
                case "any" -> new int[] {0xff, 0, 0xff};
                case "echo-reply", "pong" -> new int[] {0, 0, 0xff};
                case "destination-unreachable" -> new int[] {3, 0, 0xff};
                case "network-unreachable" -> new int[] {3, 0, 0};
                case "host-unreachable" -> new int[] {3, 1, 1};
                case "protocol-unreachable" -> new int[] {3, 2, 2};
                case "port-unreachable" -> new int[] {3, 3, 3};
                case "fragmentation-needed" -> new int[] {3, 4, 4};
                case "communication-prohibited" -> new int[] {3, 13, 13};
                case "echo-request", "ping" -> new int[] {8, 0, 0xff};
                case "time-exceeded", "ttl-exceeded" -> new int[] {11, 0, 0xff};
                default -> null;
            };
        }

        @Override
        Match build() {
            if (!implicit) {
                rule.requireProtocol(at, "-m icmp only works with -p icmp", 1);
            }
            return new Icmp(type, codeMin, codeMax, invert);
        }
    }
}
