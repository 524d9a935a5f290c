package io.podnet.sim.nftables;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.netfilter.Conntrack;

/** nft literals by data type, as inclusive ranges of unsigned values. */
final class Values {
    private Values() {}

    /** {@code type} is an nft set data type or a selector kind (see {@link RuleReader#typeOf}). */
    static long[] range(String type, String text, int no) {
        try {
            switch (type) {
                case "ipv4_addr": {
                    int slash = text.indexOf('/');
                    int dash = text.indexOf('-');
                    if (dash > 0) {
                        return new long[] {addr(text.substring(0, dash)), addr(text.substring(dash + 1))};
                    }
                    if (slash < 0) {
                        long a = addr(text);
                        return new long[] {a, a};
                    }
                    long a = addr(text.substring(0, slash));
                    int len = Integer.parseInt(text.substring(slash + 1));
                    long size = 1L << (32 - len);
                    long lo = a & ~(size - 1) & 0xffffffffL;
                    return new long[] {lo, lo + size - 1};
                }
                case "inet_proto": {
                    long p = proto(text);
                    return new long[] {p, p};
                }
                case "inet_service":
                case "integer":
                case "mark": {
                    int dash = text.indexOf('-');
                    if (dash > 0) {
                        return new long[] {number(text.substring(0, dash)), number(text.substring(dash + 1))};
                    }
                    long n = number(text);
                    return new long[] {n, n};
                }
                case "fib_addrtype": {
                    if (!text.equals("local")) {
                        throw new NftParseException(no, "fib type '" + text + "' is not evaluated (only local)");
                    }
                    return new long[] {1, 1};
                }
                default:
                    throw new NftParseException(no, "data type '" + type + "' is not evaluated");
            }
        } catch (IllegalArgumentException e) {
            throw new NftParseException(no, "'" + text + "' is not a " + type + " value");
        }
    }

    static long addr(String s) {
        return Integer.toUnsignedLong(Ipv4Address.parse(s).bits());
    }

    static long number(String s) {
        return s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
    }

    static long proto(String s) {
        return switch (s) {
            case "tcp" -> 6;
            case "udp" -> 17;
            case "sctp" -> 132;
            case "icmp" -> 1;
            default -> Long.parseLong(s);
        };
    }

    /** {@code ct state} names as {@link Conntrack} STATE_* bits. */
    static long ctState(String s, int no) {
        return switch (s) {
            case "new" -> Conntrack.STATE_NEW;
            case "established" -> Conntrack.STATE_ESTABLISHED;
            case "related" -> Conntrack.STATE_RELATED;
            case "invalid" -> Conntrack.STATE_INVALID;
            case "untracked" -> Conntrack.STATE_UNTRACKED;
            default -> throw new NftParseException(no, "unknown ct state '" + s + "'");
        };
    }

    /** {@code ct status} names as STATUS_* bits. */
    static long ctStatus(String s, int no) {
        return switch (s) {
            case "dnat" -> Conntrack.STATUS_DST_NAT;
            case "snat" -> Conntrack.STATUS_SRC_NAT;
            case "confirmed" -> Conntrack.STATUS_CONFIRMED;
            case "assured" -> Conntrack.STATUS_ASSURED;
            case "seen-reply" -> Conntrack.STATUS_SEEN_REPLY;
            case "expected" -> Conntrack.STATUS_EXPECTED;
            default -> throw new NftParseException(no, "unknown ct status '" + s + "'");
        };
    }
}
