package io.podnet.sim.trace.render;

import io.podnet.sim.trace.Decision;
import java.util.Locale;

/** One readable line for each kind of {@link Decision}, shared by the renderers. */
final class DecisionText {
    private DecisionText() {}

    static String of(Decision d) {
        if (d == null) {
            return null;
        }
        if (d instanceof Decision.RouteMatch r) {
            StringBuilder sb = new StringBuilder("route");
            if (r.table() != null) {
                sb.append(" table ").append(r.table());
            }
            sb.append(": ").append(orDash(r.text()));
            if (r.nextHop() != null || r.outDevice() != null) {
                sb.append("  => ");
                if (r.nextHop() != null) {
                    sb.append("via ").append(r.nextHop()).append(' ');
                }
                sb.append("dev ").append(orDash(r.outDevice()));
            }
            return sb.toString().stripTrailing();
        }
        if (d instanceof Decision.RuleHit r) {
            return "rule " + orDash(r.table()) + "/" + orDash(r.chain()) + " #" + r.ruleNumber() + ": "
                    + orDash(r.ruleText()) + "  => " + orDash(r.verdict());
        }
        if (d instanceof Decision.Nat n) {
            return (n.reply() ? "un-" : "") + orDash(n.kind()) + " " + orDash(n.from()) + " -> " + orDash(n.to())
                    + (n.reply() ? " (reply direction)" : "");
        }
        if (d instanceof Decision.Conntrack c) {
            return "conntrack " + orDash(c.state()) + ": original " + orDash(c.original()) + ", reply " + orDash(c.reply());
        }
        if (d instanceof Decision.FdbEntry f) {
            if (f.text() != null) {
                return "fdb: " + f.text();
            }
            return "fdb: " + orDash(f.mac()) + " dev " + orDash(f.device())
                    + (f.destination() != null ? " dst " + f.destination() : "");
        }
        if (d instanceof Decision.Neighbour n) {
            return "neighbour: " + orDash(n.ip()) + " dev " + orDash(n.device()) + " lladdr " + orDash(n.mac())
                    + " " + orDash(n.state());
        }
        if (d instanceof Decision.Tunnel t) {
            return "tunnel " + orDash(t.type()) + " vni " + t.vni() + ": outer " + orDash(t.outerSrc()) + " -> "
                    + orDash(t.outerDst()) + " port " + t.port() + ", +" + t.overhead() + " bytes";
        }
        if (d instanceof Decision.Drop dr) {
            return "drop " + (dr.reason() == null ? "-" : dr.reason().name()) + (dr.detail() != null ? ": " + dr.detail() : "");
        }
        if (d instanceof Decision.LinkHop l) {
            return "link " + orDash(l.link()) + ": serialisation " + micros(l.serialisationNs()) + ", propagation "
                    + micros(l.propagationNs()) + ", queue " + micros(l.queueNs());
        }
        if (d instanceof Decision.Socket s) {
            return "socket " + orDash(s.state()) + (s.detail() != null ? ": " + s.detail() : "");
        }
        return d.toString();
    }

    /** The JSON/short name of a decision type. */
    static String type(Decision d) {
        if (d instanceof Decision.RouteMatch) {
            return "route";
        }
        if (d instanceof Decision.RuleHit) {
            return "rule";
        }
        if (d instanceof Decision.Nat) {
            return "nat";
        }
        if (d instanceof Decision.Conntrack) {
            return "conntrack";
        }
        if (d instanceof Decision.FdbEntry) {
            return "fdb";
        }
        if (d instanceof Decision.Neighbour) {
            return "neighbour";
        }
        if (d instanceof Decision.Tunnel) {
            return "tunnel";
        }
        if (d instanceof Decision.Drop) {
            return "drop";
        }
        if (d instanceof Decision.LinkHop) {
            return "link";
        }
        if (d instanceof Decision.Socket) {
            return "socket";
        }
        return d.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    /** Nanoseconds as microseconds with three decimals, e.g. {@code 1.234us}. */
    static String micros(long ns) {
        String sign = ns < 0 ? "-" : "";
        long a = Math.abs(ns);
        return sign + (a / 1000) + "." + String.format(Locale.ROOT, "%03d", a % 1000) + "us";
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
