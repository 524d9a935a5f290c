package io.podnet.sim.netfilter;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.netfilter.Tokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses the options of one rule ({@code -s -d -p -i -o -f -m ... -j/-g ...}) the way iptables does:
 * options in any order, {@code !} before the option it negates, match options only after their
 * {@code -m} (or implied by {@code -p tcp|udp|icmp|sctp}), target options after {@code -j}. The core
 * options are read here; each {@code -m}/{@code -j} extension (found in {@link Extensions}) reads its
 * own, with the value parsers and error helpers this class offers it.
 */
final class RuleParser {
    static final String MATCHES = Extensions.MATCH_NAMES;
    static final String TARGETS = "ACCEPT, DROP, RETURN, REJECT, DNAT, SNAT, MASQUERADE, MARK, LOG, NOTRACK, CT --notrack,"
            + " or a chain of this table";

    private final IptablesParser parser;
    private final TableName table;
    private final String chain;
    private final Set<String> declared;
    private final List<Token> toks;
    private int pos;

    private int proto;
    private boolean protoSet;
    private boolean protoInvert;
    private int srcBits;
    private int srcMask;
    private boolean srcInvert;
    private boolean srcSet;
    private int dstBits;
    private int dstMask;
    private boolean dstInvert;
    private boolean dstSet;
    private Rule.Iface in;
    private Rule.Iface out;
    private int fragment;
    private final List<ExtensionParser.ForMatch> exts = new ArrayList<>();
    private ExtensionParser.ForTarget target;
    private Target.ToChain chainTarget;
    private Token targetTok;
    private String comment;

    RuleParser(IptablesParser parser, TableName table, String chain, Set<String> declared, List<Token> toks, int from) {
        this.parser = parser;
        this.table = table;
        this.chain = chain;
        this.declared = declared;
        this.toks = toks;
        this.pos = from;
    }

    /** 1 to {@code max} ASCII digits. */
    static boolean digits(String s, int max) {
        if (s.isEmpty() || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static boolean isStandardTarget(String n) {
        return n.equals("ACCEPT") || n.equals("DROP") || n.equals("RETURN") || n.equals("QUEUE");
    }

    /** The table the rule is in. */
    TableName table() {
        return table;
    }

    /** Whether the rule says {@code -p} with this protocol number (not negated). */
    boolean protocolIs(int p) {
        return protoSet && !protoInvert && proto == p;
    }

    /** The rule's first {@code -m comment} text is what traces show. */
    void noteComment(String text) {
        if (comment == null) {
            comment = text;
        }
    }

    /** The line of the rule being parsed (1-based). */
    int line() {
        return parser.lineNo();
    }

    int targetColumn() {
        return targetTok != null ? targetTok.column() : 1;
    }

    ParseException err(Token t, String problem, String accepted) {
        return parser.err(t, problem, accepted);
    }

    /** The next argument of the rule, as the second value of an option that takes two. */
    Token nextArg(Token opt) {
        return arg(opt);
    }

    private Token arg(Token opt) {
        if (pos >= toks.size()) {
            throw parser.err(opt.column() + opt.text().length() + 1, "option " + opt.text() + " needs a value",
                    "a value after " + opt.text());
        }
        return toks.get(pos++);
    }

    Rule parse(String text, int line) {
        boolean invert = false;
        Token bang = null;
        while (pos < toks.size()) {
            Token t = toks.get(pos++);
            String o = t.text();
            if (o.equals("!") && !t.quoted()) {
                if (invert) {
                    throw err(t, "two ! in a row", "one ! before the option it negates");
                }
                invert = true;
                bang = t;
                continue;
            }
            if (!o.startsWith("-") || o.equals("-") || t.quoted()) {
                throw err(t, "unexpected argument '" + o + "'",
                        "an option such as -s, -d, -p, -i, -o, -m, -j (is a value missing its quotes?)");
            }
            if (core(t, o, invert)) {
                invert = false;
                continue;
            }
            ExtensionParser e = owner(o);
            if (e == null) {
                e = implicitProtocolMatch(o);
            }
            if (e == null) {
                String hint = targetHint(o);
                throw err(t, "unknown option '" + o + "'" + hint,
                        "options of the loaded matches/target; load a match with -m first (" + MATCHES + ")");
            }
            int arity = e.arity(o);
            if (invert && !e.invertible(o)) {
                throw err(bang, "option " + o + " cannot be negated with !", o + " without !");
            }
            Token a = arity == 1 ? arg(t) : null;
            if (arity == 1 && a.text().equals("!") && !a.quoted()) {
                throw err(a, "'!' after " + o + " (intrapositioned negation) is not accepted",
                        "! before the option: ! " + o + " VALUE");
            }
            e.option(o, t, a, invert);
            invert = false;
        }
        if (invert) {
            throw err(bang, "! at the end of the rule negates nothing", "! followed by an option");
        }
        return build(text, line);
    }

    private String targetHint(String o) {
        if (o.startsWith("--to-") || o.equals("--reject-with") || o.startsWith("--set-") || o.endsWith("-mark")
                || o.equals("--random-fully") || o.startsWith("--log-")) {
            return " (target options come after -j TARGET)";
        }
        if (o.equals("--dport") || o.equals("--sport")) {
            return " (needs -p tcp/udp or -m tcp/-m udp before it)";
        }
        return "";
    }

    private ExtensionParser owner(String o) {
        if (target != null && target.arity(o) >= 0) {
            return target;
        }
        for (int i = exts.size() - 1; i >= 0; i--) {
            if (exts.get(i).arity(o) >= 0) {
                return exts.get(i);
            }
        }
        return null;
    }

    private ExtensionParser implicitProtocolMatch(String o) {
        if (!protoSet || protoInvert) {
            return null;
        }
        String name = Extensions.implicitMatch(proto);
        if (name == null) {
            return null;
        }
        for (ExtensionParser e : exts) {
            if (e.name.equals(name)) {
                return null;
            }
        }
        ExtensionParser.ForMatch e = Extensions.match(name).start(this, toks.get(pos - 1), true);
        if (e.arity(o) < 0) {
            return null;
        }
        exts.add(e);
        return e;
    }

    private boolean core(Token t, String o, boolean invert) {
        switch (o) {
            case "-s", "--source", "--src" -> {
                if (srcSet) {
                    throw err(t, "-s given twice", "one -s per rule");
                }
                long[] a = address(arg(t));
                srcBits = (int) a[0];
                srcMask = (int) a[1];
                srcInvert = invert;
                srcSet = true;
            }
            case "-d", "--destination", "--dst" -> {
                if (dstSet) {
                    throw err(t, "-d given twice", "one -d per rule");
                }
                long[] a = address(arg(t));
                dstBits = (int) a[0];
                dstMask = (int) a[1];
                dstInvert = invert;
                dstSet = true;
            }
            case "-p", "--protocol" -> {
                if (protoSet) {
                    throw err(t, "-p given twice", "one -p per rule");
                }
                Token a = arg(t);
                proto = protocol(a);
                protoSet = true;
                protoInvert = invert;
                if (invert && proto == 0) {
                    throw err(a, "! -p all would never match", "a specific protocol after ! -p");
                }
            }
            case "-i", "--in-interface" -> {
                if (in != null) {
                    throw err(t, "-i given twice", "one -i per rule");
                }
                in = iface(arg(t), invert);
                if (chain.equals("OUTPUT") || chain.equals("POSTROUTING")) {
                    throw err(t, "can't use -i with " + chain + " (locally generated or outgoing packets have no input device)",
                            "-o, or -i in PREROUTING/INPUT/FORWARD");
                }
            }
            case "-o", "--out-interface" -> {
                if (out != null) {
                    throw err(t, "-o given twice", "one -o per rule");
                }
                out = iface(arg(t), invert);
                if (chain.equals("PREROUTING") || chain.equals("INPUT")) {
                    throw err(t, "can't use -o with " + chain + " (the output device is not known yet)",
                            "-i, or -o in FORWARD/OUTPUT/POSTROUTING");
                }
            }
            case "-f", "--fragment" -> {
                if (fragment != 0) {
                    throw err(t, "-f given twice", "one -f per rule");
                }
                fragment = invert ? -1 : 1;
            }
            case "-m", "--match" -> {
                if (invert) {
                    throw err(t, "-m cannot be negated", "! before a match option, e.g. -m mark ! --mark 0x4000");
                }
                Token a = arg(t);
                Extensions.MatchFactory f = Extensions.match(a.text());
                if (f == null) {
                    throw err(a, "unknown match '" + a.text() + "'", MATCHES);
                }
                exts.add(f.start(this, a, false));
            }
            case "-j", "--jump", "-g", "--goto" -> {
                if (invert) {
                    throw err(t, o + " cannot be negated", o + " TARGET without !");
                }
                if (targetTok != null) {
                    throw err(t, "a second -j/-g", "one target per rule");
                }
                Token a = arg(t);
                targetTok = a;
                jump(o.equals("-g") || o.equals("--goto"), a);
            }
            case "-c", "--set-counters" -> {
                arg(t);
                arg(t);
            }
            case "-t", "--table" -> throw err(t, "a -t table option inside restore text", "a *table line to choose the table");
            default -> {
                return false;
            }
        }
        if (invert && (o.equals("-c") || o.equals("--set-counters"))) {
            throw err(t, "-c cannot be negated", "-c without !");
        }
        return true;
    }

    private void jump(boolean isGoto, Token a) {
        String n = a.text();
        Extensions.TargetFactory f = Extensions.target(n);
        if (!isGoto && f != null) {
            target = f.start(this, a);
            return;
        }
        if (isStandardTarget(n) || f != null) {
            throw err(a, "-g needs a user chain, not the target " + n, "-j " + n + ", or -g USER-CHAIN");
        }
        if (!declared.contains(n)) {
            if (n.equals("PREROUTING") || n.equals("INPUT") || n.equals("FORWARD") || n.equals("OUTPUT")
                    || n.equals("POSTROUTING")) {
                throw err(a, "cannot jump to the built-in chain " + n, "a user-defined chain");
            }
            throw err(a, "unknown target or chain '" + n + "'",
                    TARGETS.replace("a chain of this table", "a chain declared in *" + table + " before this line"));
        }
        if (chainIsBuiltin(n)) {
            throw err(a, "cannot jump to the built-in chain " + n, "a user-defined chain");
        }
        chainTarget = isGoto ? new Target.Goto(n, -1) : new Target.Jump(n, -1);
    }

    private boolean chainIsBuiltin(String n) {
        for (Hook h : table.hooks()) {
            if (h.name().equals(n)) {
                return true;
            }
        }
        return false;
    }

    private Rule build(String text, int line) {
        Match[] ms = new Match[exts.size()];
        for (int i = 0; i < exts.size(); i++) {
            ms[i] = exts.get(i).build();
        }
        Target t;
        if (target != null) {
            t = target.build();
        } else if (chainTarget != null) {
            t = chainTarget;
        } else {
            t = Target.NONE;
        }
        return new Rule(table, chain, 0, text, line, comment, srcBits, srcMask, srcInvert, dstBits, dstMask,
                dstInvert, proto, protoInvert, in, out, fragment, ms, t, -1);
    }

    // ---- value parsers -------------------------------------------------------------------------------------------

    private long[] address(Token t) {
        String s = t.text();
        if (s.indexOf(',') >= 0) {
            throw err(t, "a list of addresses '" + s + "' (iptables expands it into several rules)",
                    "one address or CIDR per rule, as iptables-save writes it");
        }
        int slash = s.indexOf('/');
        String a = slash < 0 ? s : s.substring(0, slash);
        int bits;
        if (a.equals("0")) {
            bits = 0;
        } else {
            try {
                bits = Ipv4Address.parse(a).bits();
            } catch (IllegalArgumentException e) {
                throw err(t, "'" + a + "' is not an IPv4 address (host names are not resolved)", "a.b.c.d[/len]");
            }
        }
        int mask = -1;
        if (slash >= 0) {
            String m = s.substring(slash + 1);
            if (digits(m, 2)) {
                int len = Integer.parseInt(m);
                if (len > 32) {
                    throw err(t, "prefix length " + len + " is over 32", "a.b.c.d/0-32");
                }
                mask = len == 0 ? 0 : -1 << (32 - len);
            } else {
                try {
                    mask = Ipv4Address.parse(m).bits();
                } catch (IllegalArgumentException e) {
                    throw err(t, "bad mask '" + m + "'", "a.b.c.d/len or a.b.c.d/255.255.255.0");
                }
            }
        }
        return new long[] {bits, mask};
    }

    private int protocol(Token t) {
        String s = t.text().toLowerCase(Locale.ROOT);
        switch (s) {
            case "all", "0" -> {
                return 0;
            }
            case "tcp" -> {
                return 6;
            }
            case "udp" -> {
                return 17;
            }
            case "icmp" -> {
                return 1;
            }
            case "ipip", "ipencap" -> {
                return 4;
            }
            case "gre" -> {
                return 47;
            }
            case "esp" -> {
                return 50;
            }
            case "ah" -> {
                return 51;
            }
            case "sctp" -> {
                return 132;
            }
            case "udplite" -> {
                return 136;
            }
            case "vrrp" -> {
                return 112;
            }
            default -> {
                if (digits(s, 3) && Integer.parseInt(s) <= 255) {
                    return Integer.parseInt(s);
                }
                throw err(t, "unknown protocol '" + t.text() + "'", "tcp, udp, icmp, all, sctp, gre, esp, ah, ipip, or 0-255");
            }
        }
    }

    private Rule.Iface iface(Token t, boolean invert) {
        String s = t.text();
        if (s.isEmpty() || s.length() > 15) {
            throw err(t, "interface name '" + s + "' must be 1-15 characters", "a device name such as eth0, cni0, veth+");
        }
        boolean prefix = s.endsWith("+");
        return new Rule.Iface(prefix ? s.substring(0, s.length() - 1) : s, prefix, invert);
    }

    private int port(Token t, String s) {
        if (!digits(s, 5) || Integer.parseInt(s) > 65535) {
            throw err(t, "'" + s + "' is not a port number", "0-65535 (service names are not resolved)");
        }
        return Integer.parseInt(s);
    }

    int[] portRange(Token t) {
        String s = t.text();
        int colon = s.indexOf(':');
        if (colon < 0) {
            int p = port(t, s);
            return new int[] {p, p};
        }
        int lo = colon == 0 ? 0 : port(t, s.substring(0, colon));
        int hi = colon == s.length() - 1 ? 65535 : port(t, s.substring(colon + 1));
        if (lo > hi) {
            throw err(t, "port range '" + s + "' has min > max", "MIN:MAX with MIN <= MAX");
        }
        return new int[] {lo, hi};
    }

    long uint32(Token t, String s) {
        try {
            long v;
            if (s.startsWith("0x") || s.startsWith("0X")) {
                v = Long.parseLong(s.substring(2), 16);
            } else if (s.length() > 1 && s.startsWith("0")) {
                v = Long.parseLong(s.substring(1), 8);
            } else {
                v = Long.parseLong(s);
            }
            if (v < 0 || v > 0xffffffffL) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw err(t, "'" + s + "' is not a 32-bit value", "a number: decimal, 0x hexadecimal or 0 octal");
        }
    }

    /** value[/mask]; mask defaults to 0xffffffff. */
    long[] valueMask(Token t) {
        String s = t.text();
        int slash = s.indexOf('/');
        if (slash < 0) {
            return new long[] {uint32(t, s), 0xffffffffL};
        }
        return new long[] {uint32(t, s.substring(0, slash)), uint32(t, s.substring(slash + 1))};
    }

    void requireProtocol(Token at, String what, int... protos) {
        for (int p : protos) {
            if (protocolIs(p)) {
                return;
            }
        }
        throw err(at, what, "-p " + (protos[0] == 6 ? "tcp" : protos[0] == 17 ? "udp" : protos[0] == 132 ? "sctp" : "icmp")
                + (protos.length > 1 ? " or -p udp" : "") + " before or after it, without !");
    }
}
