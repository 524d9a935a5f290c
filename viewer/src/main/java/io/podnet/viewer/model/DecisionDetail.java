package io.podnet.viewer.model;

import io.podnet.sim.config.FdbConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NeighbourConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What the decision panel shows for one event: a heading, a few labelled facts, and optionally a
 * listing from the rendered configuration (the node's {@code iptables-save} text, its routing
 * table, FDB or neighbour table) with the line the decision used highlighted.
 */
public record DecisionDetail(String heading, List<String> facts, Listing listing) {
    /** Configuration text with one highlighted line ({@code highlight} -1 when none matched). */
    public record Listing(String title, List<String> lines, int highlight) {
        public Listing {
            lines = List.copyOf(lines);
        }

        public String highlightedLine() {
            return highlight < 0 ? null : lines.get(highlight);
        }
    }

    public DecisionDetail {
        facts = List.copyOf(facts);
    }

    public static DecisionDetail of(TraceEvent e, NetworkConfig network) {
        return of(e, network, TablesAt.none(e.namespace()));
    }

    /**
     * As {@link #of(TraceEvent, NetworkConfig)}, with the tables as they were at this event: routes a
     * routing daemon installed, neighbours resolved and conntrack entries so far are listed too.
     */
    public static DecisionDetail of(TraceEvent e, NetworkConfig network, TablesAt tables) {
        NamespaceConfig ns = network == null || e.namespace() == null ? null : network.namespace(e.namespace());
        Decision d = e.decision();
        List<String> facts = new ArrayList<>();
        if (d == null) {
            return new DecisionDetail(kindLabel(e), facts, null);
        }
        if (d instanceof Decision.RuleHit r) {
            facts.add("table: " + r.table() + "   chain: " + r.chain() + "   rule #" + r.ruleNumber());
            facts.add("rule: " + r.ruleText());
            facts.add("verdict: " + r.verdict());
            return new DecisionDetail("iptables rule fired: " + r.chain() + " → " + r.verdict(), facts,
                    iptablesListing(ns, r));
        }
        if (d instanceof Decision.RouteMatch r) {
            facts.add("table: " + (r.table() == null ? "main" : r.table()));
            facts.add("route: " + r.text());
            if (r.nextHop() != null) {
                facts.add("next hop: " + r.nextHop());
            }
            if (r.outDevice() != null) {
                facts.add("out device: " + r.outDevice());
            }
            return new DecisionDetail("Route matched: " + r.text(), facts, routeListing(ns, r, tables.learnedRoutes()));
        }
        if (d instanceof Decision.Nat n) {
            facts.add(n.kind() + ": " + n.from() + " → " + n.to());
            if (n.reply()) {
                facts.add("reply direction: conntrack reverses the translation");
            }
            return new DecisionDetail((n.reply() ? "NAT reversed (" : "NAT applied (") + n.kind() + ")", facts, null);
        }
        if (d instanceof Decision.Conntrack c) {
            facts.add("state: " + c.state());
            facts.add("original: " + c.original());
            facts.add("reply: " + c.reply());
            return new DecisionDetail("conntrack: " + c.state(), facts, conntrackListing(e, c, tables));
        }
        if (d instanceof Decision.FdbEntry f) {
            facts.add("MAC: " + f.mac());
            facts.add("device: " + f.device());
            if (f.destination() != null) {
                facts.add("remote: " + f.destination());
            }
            return new DecisionDetail("FDB entry: " + f.text(), facts, fdbListing(ns, f));
        }
        if (d instanceof Decision.Neighbour n) {
            facts.add(n.ip() + " lladdr " + n.mac() + " dev " + n.device() + " " + n.state());
            return new DecisionDetail("Neighbour: " + n.ip() + " is at " + n.mac(), facts, neighbourListing(ns, n, tables.neighbours()));
        }
        if (d instanceof Decision.Tunnel t) {
            facts.add("type: " + t.type() + "   VNI: " + t.vni() + "   UDP port: " + t.port());
            facts.add("outer: " + t.outerSrc() + " → " + t.outerDst());
            facts.add("overhead: " + t.overhead() + " bytes");
            return new DecisionDetail("Tunnel " + t.type() + " VNI " + t.vni() + " to " + t.outerDst(), facts, null);
        }
        if (d instanceof Decision.Drop dr) {
            facts.add("reason: " + dr.reason());
            if (dr.detail() != null) {
                facts.add(dr.detail());
            }
            return new DecisionDetail("DROPPED: " + dr.reason(), facts, null);
        }
        if (d instanceof Decision.LinkHop l) {
            facts.add("link: " + l.link());
            facts.add("serialisation: " + micros(l.serialisationNs()) + "   propagation: " + micros(l.propagationNs())
                    + "   queueing: " + micros(l.queueNs()));
            return new DecisionDetail("Link " + l.link(), facts, null);
        }
        if (d instanceof Decision.Socket s) {
            facts.add("state: " + s.state());
            if (s.detail() != null) {
                facts.add(s.detail());
            }
            return new DecisionDetail("Socket: " + s.state(), facts, null);
        }
        return new DecisionDetail(kindLabel(e), facts, null);
    }

    /** A heading for events without a typed decision. */
    static String kindLabel(TraceEvent e) {
        switch (e.kind()) {
            case SEND:
                return "An application sent a packet";
            case TX:
                return "Frame transmitted on " + (e.device() == null ? e.namespace() : e.device());
            case RX:
                return "Frame received on " + (e.device() == null ? e.namespace() : e.device());
            case BRIDGE:
                return "Bridge " + (e.device() == null ? "" : e.device() + " ") + "forwarding";
            case DELIVER:
                return "Delivered to a local socket";
            case DROP:
                return "Dropped";
            case LINK:
                return "On the wire";
            default:
                return e.kind().name().charAt(0) + e.kind().name().substring(1).toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    static String micros(long ns) {
        return String.format(java.util.Locale.ROOT, "%.3f µs", ns / 1000.0);
    }

    /** The namespace's iptables text with the fired rule highlighted (by table, chain and position). */
    static Listing iptablesListing(NamespaceConfig ns, Decision.RuleHit r) {
        String text = ns == null ? "" : ns.iptables();
        if (text.isEmpty()) {
            return new Listing("rule", List.of(r.ruleText()), 0);
        }
        List<String> lines = List.of(text.split("\n", -1));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines = lines.subList(0, lines.size() - 1);
        }
        return new Listing("iptables-save (" + ns.name() + ")", lines, findRule(lines, r));
    }

    static int findRule(List<String> lines, Decision.RuleHit r) {
        String table = null;
        int count = 0;
        String prefix = "-A " + r.chain() + " ";
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).trim();
            if (l.startsWith("*")) {
                table = l.substring(1);
                count = 0;
            } else if ((r.table() == null || r.table().equals(table)) && (l.startsWith(prefix) || l.equals("-A " + r.chain()))) {
                count++;
                if (count == r.ruleNumber()) {
                    return i;
                }
            }
        }
        String want = r.ruleText() == null ? "" : r.ruleText().trim();
        for (int i = 0; i < lines.size(); i++) {
            if (!want.isEmpty() && lines.get(i).trim().equals(want)) {
                return i;
            }
        }
        return -1;
    }

    static Listing routeListing(NamespaceConfig ns, Decision.RouteMatch r) {
        return routeListing(ns, r, List.of());
    }

    /** The namespace's routes (configured, then {@code learned} by a routing daemon so far), the one used highlighted. */
    static Listing routeListing(NamespaceConfig ns, Decision.RouteMatch r, List<String> learned) {
        if ((ns == null || ns.routes().isEmpty()) && learned.isEmpty()) {
            return new Listing("ip route", List.of(r.text()), 0);
        }
        List<String> lines = new ArrayList<>();
        int hi = -1;
        List<String> all = new ArrayList<>();
        if (ns != null) {
            for (RouteConfig rc : ns.routes()) {
                all.add(rc.text());
            }
        }
        for (String t : learned) {
            if (!all.contains(t)) {
                all.add(t);
            }
        }
        for (String t : all) {
            if (hi < 0 && t.equals(r.text())) {
                hi = lines.size();
            }
            lines.add(t);
        }
        if (hi < 0) {
            String dst = r.text().split(" ", 2)[0];
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).split(" ", 2)[0].equals(dst)) {
                    hi = i;
                    break;
                }
            }
        }
        return new Listing("ip route (" + (ns == null ? "?" : ns.name()) + ")", lines, hi);
    }

    static Listing conntrackListing(TraceEvent e, Decision.Conntrack c, TablesAt t) {
        List<String> lines = new ArrayList<>(t.conntrack());
        int hi = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(c.original() + "  ")) {
                hi = i;
            }
        }
        if (hi < 0) {
            lines.add(c.original() + "  reply " + c.reply() + "  " + c.state());
            hi = lines.size() - 1;
        }
        return new Listing("conntrack -L (" + e.namespace() + ", at this moment)", lines, hi);
    }

    static Listing fdbListing(NamespaceConfig ns, Decision.FdbEntry f) {
        List<String> lines = new ArrayList<>();
        int hi = -1;
        if (ns != null) {
            for (FdbConfig c : ns.fdb()) {
                String t = c.mac() + " dev " + c.device() + (c.destination() == null ? "" : " dst " + c.destination())
                        + " self permanent";
                if (hi < 0 && c.mac().toString().equalsIgnoreCase(f.mac()) && c.device().equals(f.device())) {
                    hi = lines.size();
                }
                lines.add(t);
            }
        }
        if (hi < 0) {
            lines.add(f.text());
            hi = lines.size() - 1;
        }
        return new Listing("bridge fdb (" + (ns == null ? "?" : ns.name()) + ")", lines, hi);
    }

    static Listing neighbourListing(NamespaceConfig ns, Decision.Neighbour n, List<String> learned) {
        List<String> lines = new ArrayList<>();
        int hi = -1;
        if (ns != null) {
            for (NeighbourConfig c : ns.neighbours()) {
                if (hi < 0 && c.ip().toString().equals(n.ip())) {
                    hi = lines.size();
                }
                lines.add(c.ip() + " dev " + c.device() + " lladdr " + c.mac() + " PERMANENT");
            }
        }
        for (String t : learned) {
            if (hi < 0 && t.startsWith(n.ip() + " dev " + n.device() + " ")) {
                hi = lines.size();
            }
            lines.add(t);
        }
        if (hi < 0) {
            lines.add(n.ip() + " dev " + n.device() + " lladdr " + n.mac() + " " + n.state());
            hi = lines.size() - 1;
        }
        return new Listing("ip neigh (" + (ns == null ? "?" : ns.name()) + ")", lines, hi);
    }
}
