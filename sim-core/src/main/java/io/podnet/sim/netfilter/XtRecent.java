package io.podnet.sim.netfilter;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.netfilter.Tokens.Token;

/**
 * {@code -m recent} (the kernel's xt_recent, iptables' libxt_recent): remembers addresses in the
 * namespace's {@link RecentTables} and matches on when they were last seen. kube-proxy writes it
 * for {@code sessionAffinity: ClientIP}: {@code --rcheck --seconds T --reap} in the service chain,
 * {@code --set} in each endpoint chain.
 */
final class XtRecent {
    private XtRecent() {}

    static final int CHECK = 1;
    static final int SET = 1 << 1;
    static final int UPDATE = 1 << 2;
    static final int REMOVE = 1 << 3;
    static final int TTL = 1 << 4;
    static final int REAP = 1 << 5;
    /** XT_RECENT_NAME_LEN: the name with its terminating NUL. */
    static final int NAME_LEN = 200;
    /** XT_RECENT_MAX_NSTAMPS: {@code --hitcount} must stay below it. */
    static final long MAX_NSTAMPS = 65536;

    /**
     * One {@code -m recent} of a rule.
     *
     * @param checkSet  one of CHECK/SET/UPDATE/REMOVE, plus TTL and REAP
     * @param seconds   0 = no {@code --seconds}
     * @param hitCount  0 = no {@code --hitcount}
     * @param dest      {@code --rdest} (else {@code --rsource})
     * @param mask      {@code --mask}, applied by the list that the first rule naming it created
     */
    record Recent(String name, int checkSet, long seconds, int hitCount, boolean dest, int mask, boolean invert)
            implements Match {
        /** The stamps ring this rule needs (the kernel's nstamps_max_mask + 1). */
        int stampsNeeded() {
            if (hitCount == 0) {
                return RecentTables.DEFAULT_STAMPS;
            }
            return Integer.highestOneBit(hitCount) == hitCount ? hitCount : Integer.highestOneBit(hitCount) << 1;
        }

        /** recent_mt. */
        @Override
        public boolean matches(PacketView v) {
            RecentTables.Table t = v.recent.table(name);
            boolean ret = invert;
            int addr = (dest ? v.dst : v.src) & t.mask;
            int ttl = v.ip.ttl();
            if (!v.out.isEmpty() && !v.locallyGenerated()) {
                ttl++; // the TTL as seen before forwarding
            }
            long now = v.recent.now();
            RecentTables.Entry e = t.lookup(addr, (checkSet & TTL) != 0 ? ttl : 0);
            if (e == null) {
                if ((checkSet & SET) == 0) {
                    return ret;
                }
                t.add(addr, ttl, now);
                return !ret;
            }
            if ((checkSet & SET) != 0) {
                ret = !ret;
            } else if ((checkSet & REMOVE) != 0) {
                t.remove(e);
                return !ret;
            } else {
                long time = now - seconds * 1_000_000_000L;
                int hits = 0;
                for (int i = 0; i < e.count; i++) {
                    if (seconds != 0 && e.stamps[i] < time) {
                        continue;
                    }
                    if (hitCount == 0 || ++hits >= hitCount) {
                        ret = !ret;
                        break;
                    }
                }
                if ((checkSet & REAP) != 0) {
                    t.reap(time, e, (checkSet & UPDATE) != 0 && ret);
                }
            }
            if ((checkSet & SET) != 0 || ((checkSet & UPDATE) != 0 && ret)) {
                t.update(e, now);
                e.ttl = ttl;
            }
            return ret;
        }
    }

    static ExtensionParser.ForMatch parser(RuleParser rule, Token at) {
        return new Parser(rule, at);
    }

    private static final class Parser extends ExtensionParser.ForMatch {
        private String listName;
        private int op;
        private Token opTok;
        private int flags;
        private long seconds;
        private Token secondsTok;
        private long hitCount;
        private boolean hitCountSet;
        private Token rttlTok;
        private Token reapTok;
        private Boolean dest;
        private Integer mask;
        private boolean invert;

        Parser(RuleParser rule, Token at) {
            super("recent", rule, at);
        }

        @Override
        int arity(String o) {
            return switch (o) {
                case "--set", "--rcheck", "--update", "--remove", "--reap", "--rttl", "--rsource", "--rdest" -> 0;
                case "--name", "--seconds", "--hitcount", "--mask" -> 1;
                default -> -1;
            };
        }

        @Override
        boolean invertible(String o) {
            return o.equals("--set") || o.equals("--rcheck") || o.equals("--update") || o.equals("--remove");
        }

        @Override
        void option(String o, Token opt, Token arg, boolean inv) {
            switch (o) {
                case "--set", "--rcheck", "--update", "--remove" -> {
                    if (op != 0) {
                        throw err(opt, "recent takes one of --set, --rcheck, --update, --remove",
                                "one of them per -m recent");
                    }
                    op = switch (o) {
                        case "--set" -> SET;
                        case "--rcheck" -> CHECK;
                        case "--update" -> UPDATE;
                        default -> REMOVE;
                    };
                    opTok = opt;
                    invert = inv;
                }
                case "--name" -> {
                    if (listName != null) {
                        throw twice(opt);
                    }
                    String n = arg.text();
                    if (n.isEmpty() || n.length() >= NAME_LEN) {
                        throw err(arg, "recent list name must be 1-" + (NAME_LEN - 1) + " characters",
                                "a name such as KUBE-SEP-XXXXXXXXXXXXXXXX");
                    }
                    if (n.indexOf('/') >= 0) {
                        throw err(arg, "recent list name '" + n + "' contains '/' (it names a /proc file)",
                                "a name without '/'");
                    }
                    listName = n;
                }
                case "--seconds" -> {
                    if (secondsTok != null) {
                        throw twice(opt);
                    }
                    seconds = rule.uint32(arg, arg.text());
                    if (seconds < 1) {
                        throw err(arg, "--seconds must be at least 1", "1-4294967295");
                    }
                    secondsTok = opt;
                }
                case "--hitcount" -> {
                    if (hitCountSet) {
                        throw twice(opt);
                    }
                    hitCount = rule.uint32(arg, arg.text());
                    if (hitCount >= MAX_NSTAMPS) {
                        throw err(arg, "--hitcount " + hitCount + " is larger than the kernel allows",
                                "0-" + (MAX_NSTAMPS - 1));
                    }
                    hitCountSet = true;
                }
                case "--reap" -> {
                    if (reapTok != null) {
                        throw twice(opt);
                    }
                    reapTok = opt;
                    flags |= REAP;
                }
                case "--rttl" -> {
                    if (rttlTok != null) {
                        throw twice(opt);
                    }
                    rttlTok = opt;
                    flags |= TTL;
                }
                case "--rsource", "--rdest" -> {
                    if (dest != null) {
                        throw err(opt, "recent takes one of --rsource, --rdest", "one of them per -m recent");
                    }
                    dest = o.equals("--rdest");
                }
                default -> {
                    if (mask != null) {
                        throw twice(opt);
                    }
                    try {
                        mask = Ipv4Address.parse(arg.text()).bits();
                    } catch (IllegalArgumentException e) {
                        throw err(arg, "'" + arg.text() + "' is not a netmask", "a dotted mask such as 255.255.255.255");
                    }
                }
            }
        }

        @Override
        Match build() {
            if (op == 0) {
                throw err(at, "-m recent without --set, --rcheck, --update or --remove",
                        "one of --set, --rcheck, --update, --remove");
            }
            if ((op == SET || op == REMOVE) && (secondsTok != null || hitCount != 0 || flags != 0)) {
                Token bad = secondsTok != null ? secondsTok : reapTok != null ? reapTok : rttlTok != null ? rttlTok : opTok;
                throw err(bad, "--seconds, --hitcount, --reap and --rttl only go with --rcheck or --update",
                        "-m recent --rcheck|--update --seconds N [--hitcount N] [--reap] [--rttl]");
            }
            if (reapTok != null && secondsTok == null) {
                throw err(reapTok, "--reap needs --seconds", "--seconds N --reap");
            }
            return new Recent(listName == null ? "DEFAULT" : listName, op | flags, seconds, (int) hitCount,
                    dest != null && dest, mask == null ? -1 : mask, invert);
        }
    }
}
