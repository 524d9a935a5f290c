package io.podnet.sim.netfilter;

import io.podnet.sim.netfilter.Tokens.Token;

/** {@code -j REJECT [--reject-with TYPE]} (ipt_REJECT): filter table only, from INPUT, FORWARD and OUTPUT. */
final class XtReject {
    private XtReject() {}

    /** @param with the canonical {@code --reject-with} name (the stack sends that ICMP error or a TCP reset) */
    record Reject(String with) implements Target {
        @Override
        public String name() {
            return "REJECT";
        }

        @Override
        public int allowedHooks() {
            return Target.bit(Hook.INPUT) | Target.bit(Hook.FORWARD) | Target.bit(Hook.OUTPUT);
        }

        @Override
        public Step fire(Netfilter nf, TableName tn, Rule r, PacketView v) {
            nf.hit(tn, r, v, "REJECT", "REJECT with " + with);
            return Step.stop(new Verdict(Verdict.Action.REJECT, with, r.text()));
        }
    }

    static ExtensionParser.ForTarget parser(RuleParser rule, Token at) {
        return new Parser(rule, at);
    }

    private static final class Parser extends ExtensionParser.ForTarget {
        String with;

        Parser(RuleParser rule, Token at) {
            super("REJECT", rule, at);
        }

        @Override
        int arity(String o) {
            return o.equals("--reject-with") ? 1 : -1;
        }

        @Override
        void option(String o, Token opt, Token arg, boolean invert) {
            if (with != null) {
                throw twice(opt);
            }
            with = switch (arg.text()) {
                case "icmp-net-unreachable", "net-unreach" -> "icmp-net-unreachable";
                case "icmp-host-unreachable", "host-unreach" -> "icmp-host-unreachable";
                case "icmp-port-unreachable", "port-unreach" -> "icmp-port-unreachable";
                case "icmp-proto-unreachable", "proto-unreach" -> "icmp-proto-unreachable";
                case "icmp-net-prohibited", "net-prohib" -> "icmp-net-prohibited";
                case "icmp-host-prohibited", "host-prohib" -> "icmp-host-prohibited";
                case "icmp-admin-prohibited", "admin-prohib" -> "icmp-admin-prohibited";
                case "tcp-reset", "tcp-rst" -> "tcp-reset";
                default -> throw err(arg, "unknown --reject-with '" + arg.text() + "'",
                        "icmp-port-unreachable, icmp-host-unreachable, icmp-net-unreachable, icmp-proto-unreachable,"
                                + " icmp-net-prohibited, icmp-host-prohibited, icmp-admin-prohibited, tcp-reset");
            };
        }

        @Override
        Target build() {
            if (rule.table() != TableName.FILTER) {
                throw err(at, "REJECT is only valid in the filter table", "*filter (use DROP elsewhere)");
            }
            String w = with == null ? "icmp-port-unreachable" : with;
            if (w.equals("tcp-reset") && !rule.protocolIs(6)) {
                throw err(at, "--reject-with tcp-reset needs -p tcp", "-p tcp ... -j REJECT --reject-with tcp-reset");
            }
            return new Reject(w);
        }
    }
}
