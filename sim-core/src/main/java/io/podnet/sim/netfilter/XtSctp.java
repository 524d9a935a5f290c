package io.podnet.sim.netfilter;

import io.podnet.sim.netfilter.Tokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code -m sctp} (the kernel's xt_sctp, iptables' libxt_sctp): {@code --sport}, {@code --dport}
 * (port or range, each negatable) and {@code --chunk-types all|any|only TYPE[:FLAGS],...}. Needs
 * {@code -p sctp}; never matches a later fragment or a packet shorter than the 12-byte common header.
 */
final class XtSctp {
    private XtSctp() {}

    /** Chunk type names as libxt_sctp spells them. */
    private static final String[] NAMES = {"DATA", "INIT", "INIT_ACK", "SACK", "HEARTBEAT", "HEARTBEAT_ACK", "ABORT",
        "SHUTDOWN", "SHUTDOWN_ACK", "ERROR", "COOKIE_ECHO", "COOKIE_ACK", "ECN_ECNE", "ECN_CWR", "SHUTDOWN_COMPLETE"};

    static int chunkType(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return i;
            }
        }
        return switch (name) {
            case "I_DATA" -> 64;
            case "ASCONF_ACK" -> 128;
            case "RE_CONFIG" -> 130;
            case "PAD" -> 132;
            case "FORWARD_TSN" -> 192;
            case "ASCONF" -> 193;
            case "I_FORWARD_TSN" -> 194;
            default -> -1;
        };
    }

    static final int ALL = 1;
    static final int ANY = 2;
    static final int ONLY = 3;

    /** One listed chunk type, with the flag bits that must be set ({@code value}) under {@code mask}. */
    record Chunk(int type, int mask, int value) {
        boolean test(int t, int flags) {
            return t == type && (flags & mask) == value;
        }
    }

    record Sctp(PortRange sport, PortRange dport, int chunkMode, Chunk[] chunks, boolean chunkInvert)
            implements Match {
        @Override
        public boolean matches(PacketView v) {
            if (v.proto != PacketView.PROTO_SCTP || v.sctp == null) {
                return false;
            }
            if (!sport.test(v.sport) || !dport.test(v.dport)) {
                return false;
            }
            return chunkMode == 0 || chunksMatch(v.sctp) != chunkInvert;
        }

        /** xt_sctp's match_packet: walk the chunks (4-byte aligned) after the common header. */
        private boolean chunksMatch(byte[] b) {
            boolean[] seen = new boolean[chunks.length];
            int off = PacketView.SCTP_COMMON_HEADER;
            boolean any = false;
            while (off + 4 <= b.length) {
                int type = b[off] & 0xff;
                int flags = b[off + 1] & 0xff;
                int len = (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
                boolean listed = false;
                for (int i = 0; i < chunks.length; i++) {
                    if (chunks[i].test(type, flags)) {
                        seen[i] = true;
                        listed = true;
                    }
                }
                if (chunkMode == ANY && listed) {
                    return true;
                }
                if (chunkMode == ONLY && !listed) {
                    return false;
                }
                any = true;
                if (len == 0) {
                    return false; // the kernel drops a chunk of length 0 as invalid
                }
                off += (len + 3) & ~3;
            }
            return switch (chunkMode) {
                case ALL -> {
                    for (boolean s : seen) {
                        if (!s) {
                            yield false;
                        }
                    }
                    yield true;
                }
                case ANY -> false;
                default -> any;
            };
        }
    }

    /** {@code implicit}: loaded by {@code -p sctp} rather than {@code -m sctp}. */
    /**
     * The SCTP packet {@code b} (common header and chunks) with other ports and the CRC32c checksum
     * computed again, as the kernel's sctp_manip_pkt does after NAT (RFC 9260 appendix A: CRC32c over
     * the packet with the checksum field zero, stored least significant byte first); {@code b}
     * itself when the ports are unchanged.
     */
    static byte[] withPorts(byte[] b, int sport, int dport) {
        int oldS = (b[0] & 0xff) << 8 | (b[1] & 0xff);
        int oldD = (b[2] & 0xff) << 8 | (b[3] & 0xff);
        if (oldS == sport && oldD == dport) {
            return b;
        }
        byte[] n = b.clone();
        n[0] = (byte) (sport >> 8);
        n[1] = (byte) sport;
        n[2] = (byte) (dport >> 8);
        n[3] = (byte) dport;
        n[8] = 0;
        n[9] = 0;
        n[10] = 0;
        n[11] = 0;
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(n);
        long c = crc.getValue();
        n[8] = (byte) c;
        n[9] = (byte) (c >> 8);
        n[10] = (byte) (c >> 16);
        n[11] = (byte) (c >> 24);
        return n;
    }

    static ExtensionParser.ForMatch parser(RuleParser rule, Token at, boolean implicit) {
        return new Parser(rule, at, implicit);
    }

    private static final class Parser extends ExtensionParser.ForMatch {
        private final boolean implicit;
        private PortRange sport;
        private PortRange dport;
        private int mode;
        private Chunk[] chunks = new Chunk[0];
        private boolean chunkInvert;

        Parser(RuleParser rule, Token at, boolean implicit) {
            super("sctp", rule, at);
            this.implicit = implicit;
        }

        @Override
        int arity(String o) {
            return switch (o) {
                case "--sport", "--source-port", "--dport", "--destination-port" -> 1;
                case "--chunk-types" -> 1;
                default -> -1;
            };
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
                default -> {
                    if (mode != 0) {
                        throw twice(opt);
                    }
                    mode = switch (arg.text().toLowerCase(Locale.ROOT)) {
                        case "all" -> ALL;
                        case "any" -> ANY;
                        case "only" -> ONLY;
                        default -> throw err(arg, "unknown --chunk-types mode '" + arg.text() + "'", "all, any or only");
                    };
                    chunks = chunkList(rule.nextArg(arg));
                    chunkInvert = invert;
                }
            }
        }

        private Chunk[] chunkList(Token t) {
            List<Chunk> out = new ArrayList<>();
            for (String item : t.text().split(",", -1)) {
                int colon = item.indexOf(':');
                String name = colon < 0 ? item : item.substring(0, colon);
                int type = chunkType(name.toUpperCase(Locale.ROOT));
                if (name.equalsIgnoreCase("ALL") && colon < 0) {
                    for (int ty = 0; ty < 256; ty++) {
                        out.add(new Chunk(ty, 0, 0));
                    }
                    continue;
                }
                if (type < 0 && !name.equalsIgnoreCase("NONE")) {
                    throw err(t, "unknown SCTP chunk type '" + name + "'", "DATA, INIT, INIT_ACK, SACK, HEARTBEAT,"
                            + " HEARTBEAT_ACK, ABORT, SHUTDOWN, SHUTDOWN_ACK, ERROR, COOKIE_ECHO, COOKIE_ACK, ECN_ECNE,"
                            + " ECN_CWR, SHUTDOWN_COMPLETE, I_DATA, RE_CONFIG, PAD, ASCONF, ASCONF_ACK, FORWARD_TSN,"
                            + " I_FORWARD_TSN, ALL, NONE");
                }
                if (type < 0) {
                    continue;
                }
                int mask = 0;
                int value = 0;
                if (colon >= 0) {
                    String letters = type == 0 ? "IUBE" : type == 6 || type == 14 ? "T" : "";
                    for (char c : item.substring(colon + 1).toCharArray()) {
                        int bit = letters.indexOf(Character.toUpperCase(c));
                        if (bit < 0) {
                            throw err(t, "flag '" + c + "' is not defined for chunk " + name,
                                    letters.isEmpty() ? "no flags for " + name : "one of " + letters
                                            + " (upper case: set, lower case: unset)");
                        }
                        int f = 1 << (letters.length() - 1 - bit);
                        mask |= f;
                        if (Character.isUpperCase(c)) {
                            value |= f;
                        }
                    }
                }
                out.add(new Chunk(type, mask, value));
            }
            return out.toArray(new Chunk[0]);
        }

        @Override
        Match build() {
            if (!implicit) {
                rule.requireProtocol(at, "-m sctp only works with -p sctp", PacketView.PROTO_SCTP);
            }
            return new Sctp(sport == null ? PortRange.ANY : sport, dport == null ? PortRange.ANY : dport,
                    mode, chunks, chunkInvert);
        }
    }
}
