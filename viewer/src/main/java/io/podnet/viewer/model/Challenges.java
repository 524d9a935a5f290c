package io.podnet.viewer.model;

import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Challenge mode's questions: decision points picked from a run's traffic steps, each asking the
 * student to predict what the trace then shows. Route choice (the alternatives are the node's other
 * routes, configured and learned by then), NAT result (the other NAT targets seen in the run and
 * "unchanged"), policy and rule verdicts, encapsulation, and delivery. The right answer and its
 * explanation come from the event itself; options are sorted so the order gives nothing away and
 * is the same every time.
 */
public final class Challenges {
    /** One question: at step {@code step} (event {@code event}), choose among {@code options}. */
    public record Question(int step, int event, String kind, String prompt, List<String> options, int answer,
            String explanation) {
        public Question {
            options = List.copyOf(options);
        }

        public String correct() {
            return options.get(answer);
        }
    }

    private Challenges() {}

    /**
     * The questions at the points a scenario names ({@code challenges:}), in step order: for each
     * point the first step of its traffic item with a decision of its kind, at its namespace or
     * node when it gives one; its prompt replaces the generated one. With no named points, the
     * points are picked ({@link #of(List, int[], NetworkConfig)}). A point that matches no step
     * asks nothing ({@link #unmatched}).
     */
    public static List<Question> of(List<TraceEvent> trace, int[] steps, NetworkConfig network,
            List<ChallengePoint> points) {
        if (points.isEmpty()) {
            return of(trace, steps, network);
        }
        List<Question> out = new ArrayList<>();
        for (Question q : match(trace, steps, network, points)) {
            if (q != null) {
                out.add(q);
            }
        }
        out.sort(java.util.Comparator.comparingInt(Question::step));
        return out;
    }

    /** The named points that match no step (shown to the teacher, so a typo in {@code at} is noticed). */
    public static List<ChallengePoint> unmatched(List<TraceEvent> trace, int[] steps, NetworkConfig network,
            List<ChallengePoint> points) {
        List<ChallengePoint> out = new ArrayList<>();
        Question[] qs = match(trace, steps, network, points);
        for (int i = 0; i < qs.length; i++) {
            if (qs[i] == null) {
                out.add(points.get(i));
            }
        }
        return out;
    }

    private static Question[] match(List<TraceEvent> trace, int[] steps, NetworkConfig network,
            List<ChallengePoint> points) {
        TreeSet<String> natTargets = natTargets(trace);
        TableHistory tables = new TableHistory(trace);
        Topology topo = network == null ? null : Topology.of(network);
        Question[] out = new Question[points.size()];
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (int i = 0; i < points.size(); i++) {
            ChallengePoint p = points.get(i);
            for (int s = 0; s < steps.length && out[i] == null; s++) {
                TraceEvent e = trace.get(steps[s]);
                if (!p.traffic().equals(e.flow()) || used.contains(s)) {
                    continue;
                }
                if (p.at() != null && !p.at().equals(e.namespace())
                        && !(topo != null && e.namespace() != null && p.at().equals(topo.hostOf(e.namespace())))) {
                    continue;
                }
                Question q = question(trace, s, steps[s], e, network, natTargets, tables);
                if (q != null && q.kind().equals(p.kind())) {
                    out[i] = p.prompt() == null ? q
                            : new Question(q.step(), q.event(), q.kind(), p.prompt(), q.options(), q.answer(), q.explanation());
                    used.add(s);
                }
            }
        }
        return out;
    }

    private static TreeSet<String> natTargets(List<TraceEvent> trace) {
        TreeSet<String> natTargets = new TreeSet<>();
        Traces.scan(trace, (i, e) -> {
            if (e.decision() instanceof Decision.Nat n) {
                natTargets.add(n.to());
            }
        });
        return natTargets;
    }

    /** Questions over the given steps (event positions), at most one per packet and kind. */
    public static List<Question> of(List<TraceEvent> trace, int[] steps, NetworkConfig network) {
        List<Question> out = new ArrayList<>();
        TreeSet<String> natTargets = natTargets(trace);
        TableHistory tables = new TableHistory(trace);
        java.util.Set<String> asked = new java.util.HashSet<>();
        for (int s = 0; s < steps.length; s++) {
            int ev = steps[s];
            TraceEvent e = trace.get(ev);
            Question q = question(trace, s, ev, e, network, natTargets, tables);
            if (q != null && asked.add(e.flow() + "|" + q.kind() + "|" + e.namespace())) {
                out.add(q);
            }
        }
        return out;
    }

    private static Question question(List<TraceEvent> trace, int s, int ev, TraceEvent e, NetworkConfig network,
            TreeSet<String> natTargets, TableHistory tables) {
        Decision d = e.decision();
        String where = e.namespace() + (e.device() == null ? "" : "/" + e.device());
        if (d instanceof Decision.RuleHit rh && java.util.Set.of("DNAT", "SNAT", "MASQUERADE").contains(rh.verdict())) {
            // The traffic view folds the rewrite into the rule's step: ask about the rewrite there.
            for (int k = ev + 1; k < trace.size() && k <= ev + 8; k++) {
                TraceEvent n = trace.get(k);
                if (n.packetId() == e.packetId()) {
                    if (n.decision() instanceof Decision.Nat) {
                        d = n.decision();
                    }
                    break;
                }
            }
        }
        if (d instanceof Decision.RouteMatch r && e.kind() == EventKind.ROUTE && !"bird".equals(e.device())
                && e.flow() != null) {
            TreeSet<String> opts = new TreeSet<>();
            NamespaceConfig ns = network == null ? null : network.namespace(e.namespace());
            if (ns != null) {
                for (RouteConfig rc : ns.routes()) {
                    opts.add(rc.text());
                }
            }
            opts.addAll(tables.at(ev, e.namespace()).learnedRoutes());
            if (!opts.contains(r.text()) || opts.size() < 2) {
                return null;
            }
            return make(s, ev, "route", "Which route will " + where + " use for this packet?", limit(opts, r.text()), r.text(),
                    e.explanation());
        }
        if (d instanceof Decision.Nat n && !n.reply()) {
            TreeSet<String> opts = new TreeSet<>(natTargets);
            opts.add(n.from());
            opts.add(n.to());
            if (opts.size() < 2) {
                return null;
            }
            return make(s, ev, "nat", "At " + where + ", " + n.kind() + " rewrites " + n.from() + " to what?",
                    limit(opts, n.to()), n.to(), e.explanation());
        }
        if (d instanceof Decision.Tunnel t) {
            TreeSet<String> opts = new TreeSet<>(List.of("no encapsulation", "VXLAN", "IPIP", "GENEVE", "WireGuard"));
            String right = t.type().equalsIgnoreCase("vxlan") ? "VXLAN" : t.type().equalsIgnoreCase("ipip") ? "IPIP"
                    : t.type().equalsIgnoreCase("geneve") ? "GENEVE" : t.type().toLowerCase(java.util.Locale.ROOT)
                            .startsWith("wire") ? "WireGuard" : t.type();
            opts.add(right);
            return make(s, ev, "encap", "How does " + where + " carry this packet to the other node?", new ArrayList<>(opts),
                    right, e.explanation());
        }
        if (d instanceof Decision.RuleHit r && (r.verdict().equals("DROP") || r.verdict().equals("REJECT"))) {
            return make(s, ev, "policy", "At " + where + ", what does " + r.chain() + " decide for this packet?",
                    List.of("ACCEPT", "DROP", "REJECT"), r.verdict(), e.explanation());
        }
        if (e.kind() == EventKind.DELIVER || e.kind() == EventKind.DROP) {
            String right = e.kind() == EventKind.DELIVER ? "delivered" : "dropped";
            return make(s, ev, "delivery", "Is this packet of " + e.flow() + " delivered, or dropped?",
                    List.of("delivered", "dropped"), right, e.explanation());
        }
        return null;
    }

    /** At most five options, the right one always among them (the others in sorted order). */
    private static List<String> limit(TreeSet<String> opts, String right) {
        List<String> out = new ArrayList<>();
        for (String o : opts) {
            if (!o.equals(right) && out.size() < 4) {
                out.add(o);
            }
        }
        out.add(right);
        out.sort(null);
        return out;
    }

    private static Question make(int s, int ev, String kind, String prompt, List<String> opts, String right,
            String explanation) {
        int a = opts.indexOf(right);
        return a < 0 ? null : new Question(s, ev, kind, prompt, opts, a, explanation);
    }
}
