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
 * {@code -m} (or implied by {@code -p tcp|udp|icmp}), target options after {@code -j}.
 */
final class RuleParser {
    static final String MATCHES = "addrtype, comment, conntrack, icmp, mark, multiport, nfacct, recent, sctp, state, statistic, tcp, udp";
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
    private String targetChain;
    private Target.Kind jumpKind;
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
        String name = proto == 6 ? "tcp" : proto == 17 ? "udp" : proto == 1 ? "icmp" : proto == 132 ? "sctp" : null;
        if (name == null) {
            return null;
        }
        for (ExtensionParser e : exts) {
            if (e.name.equals(name)) {
                return null;
            }
        }
        ExtensionParser.ForMatch e = newMatch(name, null);
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
                exts.add(newMatch(a.text(), a));
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
        if (!isGoto) {
            switch (n) {
                case "ACCEPT" -> target = new Plain(Target.Kind.ACCEPT, a);
                case "DROP" -> target = new Plain(Target.Kind.DROP, a);
                case "RETURN" -> target = new Plain(Target.Kind.RETURN, a);
                case "REJECT" -> target = new Reject(a);
                case "DNAT" -> target = new Nat(Target.Kind.DNAT, a);
                case "SNAT" -> target = new Nat(Target.Kind.SNAT, a);
                case "MASQUERADE" -> target = new Nat(Target.Kind.MASQUERADE, a);
                case "MARK" -> target = new MarkT(a);
                case "LOG" -> target = new Log(a);
                case "NOTRACK" -> target = new Plain(Target.Kind.NOTRACK, a);
                case "CT" -> target = new Ct(a);
                default -> {
                }
            }
            if (target != null) {
                return;
            }
        }
        if (isStandardTarget(n) || (isGoto && List.of("REJECT", "DNAT", "SNAT", "MASQUERADE", "MARK", "LOG", "NOTRACK", "CT").contains(n))) {
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
        targetChain = n;
        jumpKind = isGoto ? Target.Kind.GOTO : Target.Kind.JUMP;
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
        } else if (targetChain != null) {
            t = new Target(jumpKind, targetChain, -1, null, null, 0, 0, null);
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
    private long[] valueMask(Token t) {
        String s = t.text();
        int slash = s.indexOf('/');
        if (slash < 0) {
            return new long[] {uint32(t, s), 0xffffffffL};
        }
        return new long[] {uint32(t, s.substring(0, slash)), uint32(t, s.substring(slash + 1))};
    }

    void requireProtocol(Token at, String what, int... protos) {
        for (int p : protos) {
            if (protoSet && !protoInvert && proto == p) {
                return;
            }
        }
        throw err(at, what, "-p " + (protos[0] == 6 ? "tcp" : protos[0] == 17 ? "udp" : protos[0] == 132 ? "sctp" : "icmp")
                + (protos.length > 1 ? " or -p udp" : "") + " before or after it, without !");
    }

    // ---- extensions ----------------------------------------------------------------------------------------------

    private ParseException twice(Token opt) {
        return err(opt, "option " + opt.text() + " given twice for the same match", "each option once per -m");
    }

    private ExtensionParser.ForMatch newMatch(String name, Token at) {
        Token where = at != null ? at : toks.get(pos - 1);
        return switch (name) {
            case "comment" -> new CommentM(where);
            case "tcp" -> new TcpUdpM("tcp", 6, where, at == null);
            case "udp" -> new TcpUdpM("udp", 17, where, at == null);
            case "icmp" -> new IcmpM(where, at == null);
            case "mark" -> new MarkM(where);
            case "statistic" -> new StatisticM(where);
            case "conntrack" -> new CtM("conntrack", where);
            case "state" -> new CtM("state", where);
            case "addrtype" -> new AddrTypeM(where);
            case "multiport" -> new MultiportM(where);
            case "recent" -> XtRecent.parser(this, where);
            case "sctp" -> at == null ? XtSctp.implicit(this, where) : XtSctp.parser(this, where);
            case "nfacct" -> XtNfacct.parser(this, where);
            default -> throw err(where, "unknown match '" + name + "'", MATCHES);
        };
    }

    private final class CommentM extends ExtensionParser.ForMatch {
        String text;

        CommentM(Token at) {
            super("comment", RuleParser.this, at);
        }

        @Override
        int arity(String o) {
            return o.equals("--comment") ? 1 : -1;
        }

        @Override
        boolean invertible(String o) {
            return false;
        }

        @Override
        void option(String o, Token opt, Token arg, boolean invert) {
            if (text != null) {
                throw twice(opt);
            }
            if (arg.text().length() > 255) {
                throw err(arg, "comment is " + arg.text().length() + " characters long", "at most 255 characters");
            }
            text = arg.text();
        }

        @Override
        Match build() {
            if (text == null) {
                throw err(at, "-m comment without --comment", "-m comment --comment \"text\"");
            }
            if (comment == null) {
                comment = text;
            }
            return new Matches.Comment(text);
        }
    }

    private final class TcpUdpM extends ExtensionParser.ForMatch {
        final int protocol;
        final boolean implicit;
        Matches.PortRange sport;
        Matches.PortRange dport;
        int flagMask;
        int flagCmp;
        boolean flagInvert;
        boolean flagsSet;

        TcpUdpM(String name, int protocol, Token at, boolean implicit) {
            super(name, RuleParser.this, at);
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
                    int[] r = portRange(arg);
                    sport = new Matches.PortRange(r[0], r[1], invert);
                }
                case "--dport", "--destination-port" -> {
                    if (dport != null) {
                        throw twice(opt);
                    }
                    int[] r = portRange(arg);
                    dport = new Matches.PortRange(r[0], r[1], invert);
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
                    Token cmp = arg(opt);
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
                requireProtocol(at, "-m " + name + " only works with -p " + name, protocol);
            }
            return new Matches.TcpUdp(protocol, sport == null ? Matches.PortRange.ANY : sport,
                    dport == null ? Matches.PortRange.ANY : dport, flagMask, flagCmp, flagInvert);
        }
    }

    private final class IcmpM extends ExtensionParser.ForMatch {
        final boolean implicit;
        int type = 0xff;
        int codeMin;
        int codeMax = 0xff;
        boolean invert;
        boolean set;

        IcmpM(Token at, boolean implicit) {
            super("icmp", RuleParser.this, at);
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
            if (parts.length > 2 || !digits(parts[0], 3) || Integer.parseInt(parts[0]) > 255
                    || (parts.length == 2 && (!digits(parts[1], 3) || Integer.parseInt(parts[1]) > 255))) {
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
                requireProtocol(at, "-m icmp only works with -p icmp", 1);
            }
            return new Matches.Icmp(type, codeMin, codeMax, invert);
        }
    }

    private final class MarkM extends ExtensionParser.ForMatch {
        long[] vm;
        boolean invert;

        MarkM(Token at) {
            super("mark", RuleParser.this, at);
        }

        @Override
        int arity(String o) {
            return o.equals("--mark") ? 1 : -1;
        }

        @Override
        void option(String o, Token opt, Token arg, boolean inv) {
            if (vm != null) {
                throw twice(opt);
            }
            vm = valueMask(arg);
            invert = inv;
        }

        @Override
        Match build() {
            if (vm == null) {
                throw err(at, "-m mark without --mark", "-m mark --mark VALUE[/MASK]");
            }
            return new Matches.Mark((int) (vm[0] & vm[1]), (int) vm[1], invert);
        }
    }

    private final class StatisticM extends ExtensionParser.ForMatch {
        String mode;
        Double probability;
        boolean invert;
        Token modeTok;

        StatisticM(Token at) {
            super("statistic", RuleParser.this, at);
        }

        @Override
        int arity(String o) {
            return switch (o) {
                case "--mode", "--probability", "--every", "--packet" -> 1;
                default -> -1;
            };
        }

        @Override
        boolean invertible(String o) {
            return o.equals("--probability") || o.equals("--every");
        }

        @Override
        void option(String o, Token opt, Token arg, boolean inv) {
            switch (o) {
                case "--mode" -> {
                    if (mode != null) {
                        throw twice(opt);
                    }
                    mode = arg.text();
                    modeTok = arg;
                    if (!mode.equals("random") && !mode.equals("nth")) {
                        throw err(arg, "unknown statistic mode '" + mode + "'", "random (nth is not modelled)");
                    }
                }
                case "--probability" -> {
                    if (probability != null) {
                        throw twice(opt);
                    }
                    double p;
                    try {
                        p = Double.parseDouble(arg.text());
                    } catch (NumberFormatException e) {
                        throw err(arg, "'" + arg.text() + "' is not a probability", "a number from 0 to 1, e.g. 0.33333333349");
                    }
                    if (!(p >= 0 && p <= 1)) {
                        throw err(arg, "probability " + arg.text() + " is outside 0..1", "a number from 0 to 1");
                    }
                    probability = p;
                    invert = inv;
                }
                default -> throw err(opt, "statistic --mode nth (" + o + ") is not modelled by podnet",
                        "-m statistic --mode random --probability P");
            }
        }

        @Override
        Match build() {
            if (mode == null) {
                throw err(at, "-m statistic without --mode", "--mode random --probability P");
            }
            if (mode.equals("nth")) {
                throw err(modeTok, "statistic --mode nth is not modelled by podnet", "--mode random --probability P");
            }
            if (probability == null) {
                throw err(at, "-m statistic --mode random without --probability", "--probability P");
            }
            // as iptables stores it: lround(0x80000000 * P)
            long threshold = Math.round(0x80000000L * probability);
            return new Matches.Statistic(threshold, invert);
        }
    }

    private final class CtM extends ExtensionParser.ForMatch {
        int stateMask;
        boolean stateInvert;
        int statusMask;
        boolean statusInvert;
        boolean stateSet;
        boolean statusSet;

        CtM(String name, Token at) {
            super(name, RuleParser.this, at);
        }

        @Override
        int arity(String o) {
            if (name.equals("state")) {
                return o.equals("--state") ? 1 : -1;
            }
            return switch (o) {
                case "--ctstate", "--ctstatus" -> 1;
                case "--ctproto", "--ctorigsrc", "--ctorigdst", "--ctreplsrc", "--ctrepldst", "--ctorigsrcport",
                     "--ctorigdstport", "--ctreplsrcport", "--ctrepldstport", "--ctexpire", "--ctdir" -> 1;
                default -> -1;
            };
        }

        @Override
        void option(String o, Token opt, Token arg, boolean inv) {
            switch (o) {
                case "--ctstate", "--state" -> {
                    if (stateSet) {
                        throw twice(opt);
                    }
                    stateSet = true;
                    stateInvert = inv;
                    for (String s : arg.text().split(",")) {
                        stateMask |= switch (s) {
                            case "INVALID" -> Conntrack.STATE_INVALID;
                            case "NEW" -> Conntrack.STATE_NEW;
                            case "ESTABLISHED" -> Conntrack.STATE_ESTABLISHED;
                            case "RELATED" -> Conntrack.STATE_RELATED;
                            case "UNTRACKED" -> Conntrack.STATE_UNTRACKED;
                            case "SNAT" -> name.equals("state") ? -1 : Conntrack.STATE_SNAT;
                            case "DNAT" -> name.equals("state") ? -1 : Conntrack.STATE_DNAT;
                            default -> -1;
                        };
                        if (stateMask < 0) {
                            throw err(arg, "unknown state '" + s + "'", name.equals("state")
                                    ? "INVALID, NEW, ESTABLISHED, RELATED, UNTRACKED"
                                    : "INVALID, NEW, ESTABLISHED, RELATED, UNTRACKED, SNAT, DNAT (comma-separated)");
                        }
                    }
                }
                case "--ctstatus" -> {
                    if (statusSet) {
                        throw twice(opt);
                    }
                    statusSet = true;
                    statusInvert = inv;
                    for (String s : arg.text().split(",")) {
                        statusMask |= switch (s) {
                            case "NONE" -> 0;
                            case "EXPECTED" -> Conntrack.STATUS_EXPECTED;
                            case "SEEN_REPLY" -> Conntrack.STATUS_SEEN_REPLY;
                            case "ASSURED" -> Conntrack.STATUS_ASSURED;
                            case "CONFIRMED" -> Conntrack.STATUS_CONFIRMED;
                            default -> throw err(arg, "unknown conntrack status '" + s + "'",
                                    "NONE, EXPECTED, SEEN_REPLY, ASSURED, CONFIRMED");
                        };
                    }
                }
                default -> throw err(opt, "conntrack option " + o + " is not modelled by podnet", "--ctstate, --ctstatus");
            }
        }

        @Override
        Match build() {
            if (!stateSet && !statusSet) {
                throw err(at, "-m " + name + " without " + (name.equals("state") ? "--state" : "--ctstate or --ctstatus"),
                        name.equals("state") ? "--state NEW,ESTABLISHED" : "--ctstate RELATED,ESTABLISHED");
            }
            return new Matches.CtState(stateMask, stateSet, stateInvert, statusMask, statusSet, statusInvert);
        }
    }

    private final class AddrTypeM extends ExtensionParser.ForMatch {
        int src;
        int dst;
        boolean srcInvert;
        boolean dstInvert;

        AddrTypeM(Token at) {
            super("addrtype", RuleParser.this, at);
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
                    case "LOCAL" -> Matches.AddrType.LOCAL;
                    case "UNICAST" -> Matches.AddrType.UNICAST;
                    case "BROADCAST" -> Matches.AddrType.BROADCAST;
                    case "MULTICAST" -> Matches.AddrType.MULTICAST;
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
            return new Matches.AddrType(src, srcInvert, dst, dstInvert);
        }
    }

    private final class MultiportM extends ExtensionParser.ForMatch {
        int which;
        int[] mins;
        int[] maxs;
        boolean invert;

        MultiportM(Token at) {
            super("multiport", RuleParser.this, at);
        }

        @Override
        int arity(String o) {
            return switch (o) {
                case "--sports", "--source-ports", "--dports", "--destination-ports", "--ports" -> 1;
                default -> -1;
            };
        }

        @Override
        void option(String o, Token opt, Token arg, boolean inv) {
            if (which != 0) {
                throw err(opt, "multiport takes one of --sports, --dports, --ports", "one of them per -m multiport");
            }
            which = switch (o) {
                case "--sports", "--source-ports" -> Matches.Multiport.SRC;
                case "--dports", "--destination-ports" -> Matches.Multiport.DST;
                default -> Matches.Multiport.ANY;
            };
            invert = inv;
            String[] parts = arg.text().split(",");
            mins = new int[parts.length];
            maxs = new int[parts.length];
            int slots = 0;
            for (int i = 0; i < parts.length; i++) {
                int[] r = portRange(new Token(parts[i], arg.column(), arg.quoted()));
                mins[i] = r[0];
                maxs[i] = r[1];
                slots += r[0] == r[1] ? 1 : 2;
            }
            if (slots > 15) {
                throw err(arg, "multiport takes at most 15 ports (a range counts as two)", "up to 15 ports");
            }
        }

        @Override
        Match build() {
            if (which == 0) {
                throw err(at, "-m multiport without --dports/--sports/--ports", "--dports 80,443");
            }
            requireProtocol(at, "multiport only works with -p tcp or -p udp", 6, 17);
            return new Matches.Multiport(which, mins, maxs, invert);
        }
    }

    // ---- targets -------------------------------------------------------------------------------------------------

    private final class Plain extends ExtensionParser.ForTarget {
        final Target.Kind kind;

        Plain(Target.Kind kind, Token at) {
            super(kind.name(), RuleParser.this, at);
            this.kind = kind;
        }

        @Override
        int arity(String o) {
            return -1;
        }

        @Override
        void option(String o, Token opt, Token arg, boolean invert) {
        }

        @Override
        Target build() {
            if (kind == Target.Kind.NOTRACK && table != TableName.RAW) {
                throw err(at, "NOTRACK is only valid in the raw table", "*raw");
            }
            return Target.simple(kind);
        }
    }

    private final class Ct extends ExtensionParser.ForTarget {
        boolean notrack;

        Ct(Token at) {
            super("CT", RuleParser.this, at);
        }

        @Override
        int arity(String o) {
            return o.equals("--notrack") ? 0 : o.startsWith("--") && (o.equals("--zone") || o.equals("--helper")
                    || o.equals("--ctevents") || o.equals("--expevents") || o.equals("--timeout")) ? 1 : -1;
        }

        @Override
        boolean invertible(String o) {
            return false;
        }

        @Override
        void option(String o, Token opt, Token arg, boolean invert) {
            if (!o.equals("--notrack")) {
                throw err(opt, "CT " + o + " is not modelled by podnet", "CT --notrack");
            }
            notrack = true;
        }

        @Override
        Target build() {
            if (!notrack) {
                throw err(at, "CT without --notrack is not modelled by podnet", "-j CT --notrack");
            }
            if (table != TableName.RAW) {
                throw err(at, "CT is only valid in the raw table", "*raw");
            }
            return Target.simple(Target.Kind.NOTRACK);
        }
    }

    private final class Reject extends ExtensionParser.ForTarget {
        String with;

        Reject(Token at) {
            super("REJECT", RuleParser.this, at);
        }

        @Override
        int arity(String o) {
            return o.equals("--reject-with") ? 1 : -1;
        }

        @Override
        boolean invertible(String o) {
            return false;
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
            if (table != TableName.FILTER) {
                throw err(at, "REJECT is only valid in the filter table", "*filter (use DROP elsewhere)");
            }
            String w = with == null ? "icmp-port-unreachable" : with;
            if (w.equals("tcp-reset") && (!protoSet || proto != 6 || protoInvert)) {
                throw err(at, "--reject-with tcp-reset needs -p tcp", "-p tcp ... -j REJECT --reject-with tcp-reset");
            }
            return new Target(Target.Kind.REJECT, null, -1, w, null, 0, 0, null);
        }
    }

    private final class Nat extends ExtensionParser.ForTarget {
        final Target.Kind kind;
        Token to;
        Token ports;
        boolean random;
        boolean randomFully;

        Nat(Target.Kind kind, Token at) {
            super(kind.name(), RuleParser.this, at);
            this.kind = kind;
        }

        @Override
        int arity(String o) {
            return switch (o) {
                case "--to-destination" -> kind == Target.Kind.DNAT ? 1 : -1;
                case "--to-source" -> kind == Target.Kind.SNAT ? 1 : -1;
                case "--to-ports" -> kind == Target.Kind.MASQUERADE ? 1 : -1;
                case "--random", "--persistent" -> 0;
                case "--random-fully" -> kind == Target.Kind.DNAT ? -1 : 0;
                default -> -1;
            };
        }

        @Override
        boolean invertible(String o) {
            return false;
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
            if (table != TableName.NAT) {
                throw err(at, kind + " is only valid in the nat table", "*nat");
            }
            int addr = 0;
            boolean addrSet = false;
            int minPort = 0;
            int maxPort = 0;
            boolean portSet = false;
            if (kind == Target.Kind.MASQUERADE) {
                if (ports != null) {
                    int[] r = portRange(new Token(ports.text().replace('-', ':'), ports.column(), ports.quoted()));
                    minPort = r[0];
                    maxPort = r[1];
                    portSet = true;
                }
            } else {
                if (to == null) {
                    String opt = kind == Target.Kind.DNAT ? "--to-destination" : "--to-source";
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
                    int[] r = portRange(new Token(p.replace('-', ':'), to.column() + colon + 1, to.quoted()));
                    minPort = r[0];
                    maxPort = r[1];
                    portSet = true;
                }
            }
            if (portSet && (!protoSet || protoInvert || (proto != 6 && proto != 17 && proto != 132))) {
                throw err(kind == Target.Kind.MASQUERADE ? ports : to, kind + " with a port needs -p tcp or -p udp",
                        "-p tcp ... -j " + kind);
            }
            Target.NatRange range = new Target.NatRange(addr, addrSet, minPort, maxPort, portSet, random, randomFully);
            return new Target(kind, null, -1, null, range, 0, 0, null);
        }
    }

    private final class MarkT extends ExtensionParser.ForTarget {
        long mask;
        long xor;
        boolean set;

        MarkT(Token at) {
            super("MARK", RuleParser.this, at);
        }

        @Override
        int arity(String o) {
            return switch (o) {
                case "--set-xmark", "--set-mark", "--and-mark", "--or-mark", "--xor-mark" -> 1;
                default -> -1;
            };
        }

        @Override
        boolean invertible(String o) {
            return false;
        }

        @Override
        void option(String o, Token opt, Token arg, boolean invert) {
            if (set) {
                throw err(opt, "MARK takes one of --set-xmark, --set-mark, --and-mark, --or-mark, --xor-mark",
                        "one of them per rule");
            }
            set = true;
            switch (o) {
                case "--set-xmark" -> {
                    long[] vm = valueMask(arg);
                    xor = vm[0];
                    mask = vm[1];
                }
                case "--set-mark" -> {
                    long[] vm = valueMask(arg);
                    xor = vm[0];
                    mask = vm[1] | vm[0];
                }
                case "--and-mark" -> {
                    long v = uint32(arg, arg.text());
                    xor = 0;
                    mask = ~v & 0xffffffffL;
                }
                case "--or-mark" -> {
                    long v = uint32(arg, arg.text());
                    xor = v;
                    mask = v;
                }
                default -> {
                    long v = uint32(arg, arg.text());
                    xor = v;
                    mask = 0;
                }
            }
        }

        @Override
        Target build() {
            if (!set) {
                throw err(at, "MARK without an operation", "--set-xmark V/M, --set-mark V[/M], --or-mark V, --and-mark V,"
                        + " --xor-mark V");
            }
            return new Target(Target.Kind.MARK, null, -1, null, null, (int) mask, (int) xor, null);
        }
    }

    private final class Log extends ExtensionParser.ForTarget {
        String prefix;

        Log(Token at) {
            super("LOG", RuleParser.this, at);
        }

        @Override
        int arity(String o) {
            return switch (o) {
                case "--log-prefix", "--log-level" -> 1;
                case "--log-tcp-sequence", "--log-tcp-options", "--log-ip-options", "--log-uid", "--log-macdecode" -> 0;
                default -> -1;
            };
        }

        @Override
        boolean invertible(String o) {
            return false;
        }

        @Override
        void option(String o, Token opt, Token arg, boolean invert) {
            if (o.equals("--log-prefix")) {
                prefix = arg.text();
            }
        }

        @Override
        Target build() {
            return new Target(Target.Kind.LOG, null, -1, null, null, 0, 0, prefix);
        }
    }
}
