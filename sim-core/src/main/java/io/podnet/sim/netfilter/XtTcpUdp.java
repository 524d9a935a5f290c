package io.podnet.sim.netfilter;

import io.podnet.sim.netfilter.Tokens.Token;
import java.util.Locale;

/** {@code -m tcp}/{@code -m udp} (xt_tcpudp), also loaded implicitly by {@code -p tcp|udp}: ports and TCP flags. */
final class XtTcpUdp {
    private XtTcpUdp() {}

    /**
     * {@code -m tcp}/{@code -m udp}: {@code --sport}, {@code --dport} and for TCP {@code --tcp-flags}
     * / {@code --syn}. Never matches a non-first fragment (the ports are not there).
     */
    record TcpUdp(int protocol, PortRange sport, PortRange dport, int flagMask, int flagCmp, boolean flagInvert)
            implements Match {
        @Override
        public boolean matches(PacketView v) {
            if (v.proto != protocol || v.sport < 0) {
                return false;
            }
            if (!sport.test(v.sport) || !dport.test(v.dport)) {
                return false;
            }
            if (flagMask != 0) {
                return ((v.tcpFlags & flagMask) == flagCmp) ^ flagInvert;
            }
            return true;
        }
    }

    /** {@code name} tcp (protocol 6) or udp (17); {@code implicit}: loaded by {@code -p} rather than {@code -m}. */
    static ExtensionParser.ForMatch parser(RuleParser rule, String name, int protocol, Token at, boolean implicit) {
        return new Parser(rule, name, protocol, at, implicit);
    }

    private static final class Parser extends ExtensionParser.ForMatch {
        final int protocol;
        final boolean implicit;
        PortRange sport;
        PortRange dport;
        int flagMask;
        int flagCmp;
        boolean flagInvert;
        boolean flagsSet;

        Parser(RuleParser rule, String name, int protocol, Token at, boolean implicit) {
            super(name, rule, at);
            this.protocol = protocol;
            this.implicit = implicit;
        }

        @Override
        int arity(String o) {
            switch (o) {
                case "--sport", "--source-port", "--dport", "--destination-port" -> {
                    return 1;
                }
                case "--syn" -> {
                    return protocol == 6 ? 0 : -1;
                }
                case "--tcp-flags" -> {
                    return protocol == 6 ? 1 : -1;
                }
                default -> {
                    return -1;
                }
            }
        }

        @Override
        void option(String o, Token opt, Token arg, boolean invert) {
            switch (o) {
                case "--sport", "--source-port" -> {
                    if (sport != null) {
                        throw twice(opt);
                    }
                    int[] r = rule.portRange(arg);
                    sport = new PortRange(r[0], r[1], invert);
                }
                case "--dport", "--destination-port" -> {
                    if (dport != null) {
                        throw twice(opt);
                    }
                    int[] r = rule.portRange(arg);
                    dport = new PortRange(r[0], r[1], invert);
                }
                case "--syn" -> {
                    if (flagsSet) {
                        throw twice(opt);
                    }
                    flagsSet = true;
                    flagMask = 0x17; // SYN,RST,ACK,FIN
                    flagCmp = 0x02;
                    flagInvert = invert;
                }
                default -> {
                    if (flagsSet) {
                        throw twice(opt);
                    }
                    flagsSet = true;
                    flagMask = tcpFlags(arg);
                    Token cmp = rule.nextArg(opt);
                    flagCmp = tcpFlags(cmp);
                    flagInvert = invert;
                }
            }
        }

        private int tcpFlags(Token t) {
            int f = 0;
            for (String s : t.text().split(",")) {
                switch (s.toUpperCase(Locale.ROOT)) {
                    case "FIN" -> f |= 0x01;
                    case "SYN" -> f |= 0x02;
                    case "RST" -> f |= 0x04;
                    case "PSH" -> f |= 0x08;
                    case "ACK" -> f |= 0x10;
                    case "URG" -> f |= 0x20;
                    case "ALL" -> f |= 0x3f;
                    case "NONE" -> f |= 0;
                    default -> throw err(t, "unknown TCP flag '" + s + "'", "SYN, ACK, FIN, RST, URG, PSH, ALL, NONE");
                }
            }
            return f;
        }

        @Override
        Match build() {
            if (!implicit) {
                rule.requireProtocol(at, "-m " + name + " only works with -p " + name, protocol);
            }
            return new TcpUdp(protocol, sport == null ? PortRange.ANY : sport,
                    dport == null ? PortRange.ANY : dport, flagMask, flagCmp, flagInvert);
        }
    }
}
