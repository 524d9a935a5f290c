package io.podnet.sim.netfilter;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.netfilter.Tokens.Token;

/**
 * {@code -j DNAT --to-destination}, {@code -j SNAT --to-source} and {@code -j MASQUERADE
 * [--to-ports]} (xt_nat, xt_MASQUERADE): nat table only. Firing records the binding in the
 * connection's conntrack entry (the kernel's nf_nat_setup_info); the rewrite itself is applied by
 * {@link Netfilter} to this and every later packet of the connection.
 */
final class XtNat {
    private XtNat() {}

    static final String DNAT = "DNAT";
    static final String SNAT = "SNAT";
    static final String MASQUERADE = "MASQUERADE";

    /** @param kind DNAT, SNAT or MASQUERADE */
    record Nat(String kind, NatRange range) implements Target {
        @Override
        public String name() {
            return kind;
        }

        @Override
        public int allowedHooks() {
            return switch (kind) {
                case DNAT -> Target.bit(Hook.PREROUTING) | Target.bit(Hook.OUTPUT);
                case SNAT -> Target.bit(Hook.POSTROUTING) | Target.bit(Hook.INPUT);
                default -> Target.bit(Hook.POSTROUTING);
            };
        }

        @Override
        public Step fire(Netfilter nf, TableName tn, Rule r, PacketView v) {
            ConntrackEntry e = v.ct.entry();
            boolean dst = v.hook == Hook.PREROUTING || v.hook == Hook.OUTPUT;
            NatRange to = range;
            if (kind.equals(MASQUERADE)) {
                Ipv4Address a = nf.context().primaryAddress(v.out);
                if (a == null) {
                    nf.hit(tn, r, v, "DROP", "MASQUERADE impossible: " + v.out + " has no IPv4 address, packet dropped");
                    return Step.stop(new Verdict(Verdict.Action.DROP, null, r.text()));
                }
                to = new NatRange(a.bits(), true, range.minPort(), range.maxPort(), range.portSpecified(),
                        range.random(), range.randomFully());
                if (nf.tracing()) {
                    nf.hit(tn, r, v, MASQUERADE, "MASQUERADE to " + a + " (address of " + v.out + ")"
                            + (to.randomFully() ? " with a random source port" : ""));
                }
            } else if (nf.tracing()) {
                String text = (to.addressSpecified() ? new Ipv4Address(to.address()).toString() : "")
                        + (to.portSpecified() ? ":" + to.minPort() + (to.maxPort() != to.minPort()
                        ? "-" + to.maxPort() : "") : "");
                nf.hit(tn, r, v, kind, kind + " to " + text);
            }
            nf.setup(e, dst, to, kind);
            return Step.CONTINUE_TABLES;
        }
    }

    /** {@code kind}: DNAT, SNAT or MASQUERADE. */
    static ExtensionParser.ForTarget parser(RuleParser rule, String kind, Token at) {
        return new Parser(rule, kind, at);
    }

    private static final class Parser extends ExtensionParser.ForTarget {
        final String kind;
        Token to;
        Token ports;
        boolean random;
        boolean randomFully;

        Parser(RuleParser rule, String kind, Token at) {
            super(kind, rule, at);
            this.kind = kind;
        }

        @Override
        int arity(String o) {
            return switch (o) {
                case "--to-destination" -> kind.equals(DNAT) ? 1 : -1;
                case "--to-source" -> kind.equals(SNAT) ? 1 : -1;
                case "--to-ports" -> kind.equals(MASQUERADE) ? 1 : -1;
                case "--random", "--persistent" -> 0;
                case "--random-fully" -> kind.equals(DNAT) ? -1 : 0;
                default -> -1;
            };
        }

        @Override
        void option(String o, Token opt, Token arg, boolean invert) {
            switch (o) {
                case "--to-destination", "--to-source" -> {
                    if (to != null) {
                        throw err(opt, "several " + o + " ranges are not modelled by podnet", "one " + o);
                    }
                    to = arg;
                }
                case "--to-ports" -> {
                    if (ports != null) {
                        throw twice(opt);
                    }
                    ports = arg;
                }
                case "--random" -> random = true;
                case "--random-fully" -> randomFully = true;
                default -> {
                    // --persistent: no effect with a single address
                }
            }
        }

        @Override
        Target build() {
            if (rule.table() != TableName.NAT) {
                throw err(at, kind + " is only valid in the nat table", "*nat");
            }
            int addr = 0;
            boolean addrSet = false;
            int minPort = 0;
            int maxPort = 0;
            boolean portSet = false;
            if (kind.equals(MASQUERADE)) {
                if (ports != null) {
                    int[] r = rule.portRange(new Token(ports.text().replace('-', ':'), ports.column(), ports.quoted()));
                    minPort = r[0];
                    maxPort = r[1];
                    portSet = true;
                }
            } else {
                if (to == null) {
                    String opt = kind.equals(DNAT) ? "--to-destination" : "--to-source";
                    throw err(at, kind + " without " + opt, "-j " + kind + " " + opt + " IP[:PORT]");
                }
                String s = to.text();
                int colon = s.indexOf(':');
                String ipPart = colon < 0 ? s : s.substring(0, colon);
                if (ipPart.indexOf('-') >= 0) {
                    throw err(to, "address ranges are not modelled by podnet", "one address: IP[:PORT[-PORT]]");
                }
                if (!ipPart.isEmpty()) {
                    try {
                        addr = Ipv4Address.parse(ipPart).bits();
                        addrSet = true;
                    } catch (IllegalArgumentException e) {
                        throw err(to, "'" + ipPart + "' is not an IPv4 address", "IP[:PORT[-PORT]]");
                    }
                }
                if (colon >= 0) {
                    String p = s.substring(colon + 1);
                    int[] r = rule.portRange(new Token(p.replace('-', ':'), to.column() + colon + 1, to.quoted()));
                    minPort = r[0];
                    maxPort = r[1];
                    portSet = true;
                }
            }
            if (portSet && !(rule.protocolIs(6) || rule.protocolIs(17) || rule.protocolIs(132))) {
                throw err(kind.equals(MASQUERADE) ? ports : to, kind + " with a port needs -p tcp or -p udp",
                        "-p tcp ... -j " + kind);
            }
            return new Nat(kind, new NatRange(addr, addrSet, minPort, maxPort, portSet, random, randomFully));
        }
    }
}
