package io.podnet.sim.netfilter;

import io.podnet.sim.netfilter.Tokens.Token;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registry of the iptables extensions podnet evaluates, by the name a rule gives them
 * ({@code -m NAME}, {@code -j NAME}), as iptables finds its {@code libxt_NAME}. Each extension is one
 * file ({@code Xt*.java}) that parses its own options and builds its match or target; adding one
 * is a file and a line here.
 */
final class Extensions {
    private Extensions() {}

    /** Starts the parser of one {@code -m NAME}; {@code implicit} when {@code -p PROTO} loaded it. */
    interface MatchFactory {
        ExtensionParser.ForMatch start(RuleParser rule, Token at, boolean implicit);
    }

    /** Starts the parser of one {@code -j NAME}. */
    interface TargetFactory {
        ExtensionParser.ForTarget start(RuleParser rule, Token at);
    }

    private static final Map<String, MatchFactory> MATCHES = new TreeMap<>();
    private static final Map<String, TargetFactory> TARGETS = new TreeMap<>();

    static {
        MATCHES.put("addrtype", (r, at, i) -> XtAddrType.parser(r, at));
        MATCHES.put("comment", (r, at, i) -> XtComment.parser(r, at));
        MATCHES.put("conntrack", (r, at, i) -> XtConntrack.parser(r, "conntrack", at));
        MATCHES.put("icmp", XtIcmp::parser);
        MATCHES.put("mark", (r, at, i) -> XtMark.parser(r, at));
        MATCHES.put("multiport", (r, at, i) -> XtMultiport.parser(r, at));
        MATCHES.put("nfacct", (r, at, i) -> XtNfacct.parser(r, at));
        MATCHES.put("physdev", (r, at, i) -> XtPhysdev.parser(r, at));
        MATCHES.put("recent", (r, at, i) -> XtRecent.parser(r, at));
        MATCHES.put("sctp", XtSctp::parser);
        MATCHES.put("set", (r, at, i) -> XtSet.parser(r, at));
        MATCHES.put("socket", (r, at, i) -> XtSocket.parser(r, at));
        MATCHES.put("state", (r, at, i) -> XtConntrack.parser(r, "state", at));
        MATCHES.put("statistic", (r, at, i) -> XtStatistic.parser(r, at));
        MATCHES.put("tcp", (r, at, i) -> XtTcpUdp.parser(r, "tcp", 6, at, i));
        MATCHES.put("udp", (r, at, i) -> XtTcpUdp.parser(r, "udp", 17, at, i));

        TARGETS.put("ACCEPT", (r, at) -> Target.plain(new Target.Accept(), r, at));
        TARGETS.put("DROP", (r, at) -> Target.plain(new Target.Drop(), r, at));
        TARGETS.put("RETURN", (r, at) -> Target.plain(new Target.Return(), r, at));
        TARGETS.put("REJECT", XtReject::parser);
        TARGETS.put("DNAT", (r, at) -> XtNat.parser(r, XtNat.DNAT, at));
        TARGETS.put("SNAT", (r, at) -> XtNat.parser(r, XtNat.SNAT, at));
        TARGETS.put("MASQUERADE", (r, at) -> XtNat.parser(r, XtNat.MASQUERADE, at));
        TARGETS.put("MARK", XtMarkTarget::parser);
        TARGETS.put("LOG", XtLog::parser);
        TARGETS.put("NOTRACK", XtCt::notrack);
        TARGETS.put("CT", XtCt::ct);
    }

    /** The match names, for messages ("addrtype, comment, ..."). */
    static final String MATCH_NAMES = String.join(", ", MATCHES.keySet());

    /** The match extension called {@code name}, or null. */
    static MatchFactory match(String name) {
        return MATCHES.get(name);
    }

    /** The target extension called {@code name} (ACCEPT, DNAT, ...), or null (then it names a chain). */
    static TargetFactory target(String name) {
        return TARGETS.get(name);
    }

    /** The match {@code -p PROTO} loads when an option is unknown (iptables' implicit match), or null. */
    static String implicitMatch(int proto) {
        return switch (proto) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 1 -> "icmp";
            case 132 -> "sctp";
            default -> null;
        };
    }
}
