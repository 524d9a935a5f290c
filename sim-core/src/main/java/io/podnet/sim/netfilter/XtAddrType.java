package io.podnet.sim.netfilter;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.netfilter.Tokens.Token;

/** {@code -m addrtype --src-type/--dst-type} (xt_addrtype). */
final class XtAddrType {
    private XtAddrType() {}

    /** {@code -m addrtype --src-type/--dst-type}, answered by the namespace's {@link NetfilterContext}. */
    record AddrType(int srcTypes, boolean srcInvert, int dstTypes, boolean dstInvert) implements Match {
        static final int UNICAST = 1;
        static final int LOCAL = 2;
        static final int BROADCAST = 4;
        static final int MULTICAST = 8;

        @Override
        public boolean matches(PacketView v) {
            if (srcTypes != 0 && (((type(v, v.src) & srcTypes) != 0) == srcInvert)) {
                return false;
            }
            return dstTypes == 0 || (((type(v, v.dst) & dstTypes) != 0) != dstInvert);
        }

        private static int type(PacketView v, int bits) {
            Ipv4Address a = new Ipv4Address(bits);
            if (a.isBroadcast()) {
                return BROADCAST;
            }
            if (a.isMulticast()) {
                return MULTICAST;
            }
            if (v.context.isLocalAddress(a)) {
                return LOCAL;
            }
            return v.context.isBroadcastAddress(a) ? BROADCAST : UNICAST;
        }
    }

    static ExtensionParser.ForMatch parser(RuleParser rule, Token at) {
        return new Parser(rule, at);
    }

    private static final class Parser extends ExtensionParser.ForMatch {
        int src;
        int dst;
        boolean srcInvert;
        boolean dstInvert;

        Parser(RuleParser rule, Token at) {
            super("addrtype", rule, at);
        }

        @Override
        int arity(String o) {
            return switch (o) {
                case "--src-type", "--dst-type" -> 1;
                case "--limit-iface-in", "--limit-iface-out" -> 0;
                default -> -1;
            };
        }

        @Override
        void option(String o, Token opt, Token arg, boolean inv) {
            if (arg == null) {
                throw err(opt, "addrtype " + o + " is not modelled by podnet", "--src-type, --dst-type");
            }
            int types = 0;
            for (String s : arg.text().split(",")) {
                types |= switch (s) {
                    case "LOCAL" -> AddrType.LOCAL;
                    case "UNICAST" -> AddrType.UNICAST;
                    case "BROADCAST" -> AddrType.BROADCAST;
                    case "MULTICAST" -> AddrType.MULTICAST;
                    default -> throw err(arg, "address type '" + s + "' is not modelled by podnet",
                            "LOCAL, UNICAST, BROADCAST, MULTICAST (comma-separated)");
                };
            }
            if (o.equals("--src-type")) {
                if (src != 0) {
                    throw twice(opt);
                }
                src = types;
                srcInvert = inv;
            } else {
                if (dst != 0) {
                    throw twice(opt);
                }
                dst = types;
                dstInvert = inv;
            }
        }

        @Override
        Match build() {
            if (src == 0 && dst == 0) {
                throw err(at, "-m addrtype without --src-type or --dst-type", "--dst-type LOCAL");
            }
            return new AddrType(src, srcInvert, dst, dstInvert);
        }
    }
}
