package io.podnet.dataplane.compare;

import io.podnet.dataplane.traffic.TrafficItem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Puts the simulator's and the kernel's facts side by side and lists every difference, naming the
 * first hop where they part. Rules (also in docs/verify.md):
 * <ul>
 *   <li>outcome: "dropped" means an error said the packet was lost (ICMP unreachable or fragmentation
 *       needed, a local error), "timeout" that nothing came back. The kernel's client cannot see a
 *       silent drop, so a simulated "dropped" agrees with a kernel "timeout" (noted, with where the
 *       kernel last saw the request); a kernel "dropped" - evidence of an error - against a simulated
 *       "timeout" is a difference;</li>
 *   <li>served by: equal sets of endpoints; with random load balancing and few attempts, both sets
 *       only need to lie inside the Service's endpoints unless every endpoint should have been hit
 *       (probability of missing one below 0.1%); with ClientIP session affinity the attempts of one
 *       client count as one pick;</li>
 *   <li>path: hop by hop along the simulator's path, the kernel must show the request's first packet
 *       on the same interface with the same addresses, port and TTL, the same tunnel (outer addresses,
 *       UDP port, VNI, overhead), and for UDP and ICMP the same frame length. TCP frame lengths are not
 *       compared: Linux adds timestamp options the simulator may not model. When the two sides picked
 *       different endpoints only the hops before the Service translation are compared;</li>
 *   <li>NAT: the same translations (conntrack vs the simulator's NAT decisions);</li>
 *   <li>MTU: the same fragmentation, "fragmentation needed" and local errors.</li>
 * </ul>
 */
public final class Comparator {
    private Comparator() {}

    /**
     * @param candidates the endpoints the Service could pick (from the rules), or null when unknown
     * @param sourceNode the node of the client namespace (hops there are compared even when endpoints differ)
     */
    public static FlowResult compare(TrafficItem item, FlowFacts sim, FlowFacts kernel, Set<String> candidates,
                                     String sourceNode) {
        return compare(item, sim, kernel, candidates, sourceNode, false);
    }

    /**
     * @param sticky the Service has {@code sessionAffinity: ClientIP}: every attempt of the item follows
     *               its first random pick, so the endpoint sets are one pick each, not {@code count}
     */
    public static FlowResult compare(TrafficItem item, FlowFacts sim, FlowFacts kernel, Set<String> candidates,
                                     String sourceNode, boolean sticky) {
        List<Difference> diffs = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String where = null;
        boolean randomPick = candidates != null && candidates.size() > 1;
        if (randomPick && !sameOutcome(sim.outcome(), kernel.outcome())) {
            notes.add("the first attempts differ (" + sim.outcome() + " / " + kernel.outcome() + "), as the Service's random"
                    + " choice among " + candidates.size() + " endpoints may make them; the outcomes over all attempts are compared");
        }
        boolean perTarget = randomPick && !sim.byTarget().isEmpty() && !kernel.byTarget().isEmpty()
                && coversEveryAttempt(kernel);
        if (!randomPick && !sameOutcome(sim.outcome(), kernel.outcome())) {
            diffs.add(new Difference("outcome", null, sim.outcome(), kernel.outcome()));
        } else if (perTarget && !compareByTarget(sim, kernel, diffs, notes)) {
            // differences recorded per endpoint
        } else if (!perTarget && !sameOutcomes(sim.outcomes().keySet(), kernel.outcomes().keySet())) {
            diffs.add(new Difference("outcome", null, "over " + item.count() + " attempts " + sim.outcomes(),
                    kernel.outcomes().toString()));
        } else if (sim.outcomes().containsKey("dropped") && !kernel.outcomes().containsKey("dropped")
                && kernel.outcomes().containsKey("timeout")) {
            String last = kernel.path().isEmpty() || !"timeout".equals(kernel.outcome()) ? null
                    : kernel.path().get(kernel.path().size() - 1).location();
            notes.add("the simulator saw a drop; the kernel's client only timed out (a silent drop gives no error)"
                    + (last == null ? "" : "; the kernel last saw the request at " + last));
        }
        Set<String> simSet = sim.servedBy().keySet();
        Set<String> kSet = kernel.servedBy().keySet();
        if (!simSet.equals(kSet)) {
            boolean tolerated = false;
            if (candidates != null && !candidates.isEmpty() && candidates.containsAll(simSet)
                    && candidates.containsAll(kSet)) {
                int n = candidates.size();
                int picks = sticky ? 1 : item.count();
                double miss = n * Math.pow(1.0 - 1.0 / n, picks);
                if (miss > 0.001) {
                    tolerated = true;
                    notes.add(String.format(java.util.Locale.ROOT,
                            "endpoints differ but both lie within the Service's %d endpoints; with %d %s a full"
                                    + " spread is not expected (P(miss) = %.3f)", n, picks,
                            sticky ? "random pick (ClientIP session affinity keeps every attempt on it)" : "attempts",
                            Math.min(1.0, miss)));
                }
            }
            if (!tolerated) {
                diffs.add(new Difference("servedBy", null, sim.servedBy().toString(), kernel.servedBy().toString()));
            }
        }
        boolean noTrace = sim.path().isEmpty() && sim.notes().contains(SimulatedFacts.NO_EVENTS);
        if (noTrace) {
            notes.add("the simulator gave no trace for this flow: only the outcome, endpoints, NAT and MTU are compared");
        }
        boolean sameEndpoint = Objects.equals(sim.pathEndpoint(), kernel.pathEndpoint())
                && !(randomPick && sim.pathEndpoint() == null);
        if (!sameEndpoint && !noTrace) {
            notes.add((sim.pathEndpoint() == null && kernel.pathEndpoint() == null
                    ? "neither side's first attempt reached an endpoint, so they may have picked different ones"
                    : "the paths end at different endpoints (simulator " + sim.pathEndpoint() + ", kernel "
                    + kernel.pathEndpoint() + ")") + "; only hops in " + item.source() + " and " + sourceNode + " are compared");
        }
        Set<String> kernelLocations = new LinkedHashSet<>();
        for (Hop h : kernel.path()) {
            kernelLocations.add(h.location());
        }
        Set<String> simLocations = new LinkedHashSet<>();
        for (Hop s : sim.path()) {
            simLocations.add(s.location());
            if (!sameEndpoint && !inSource(s.location(), item.source(), sourceNode)) {
                continue;
            }
            Hop k = kernel.path().stream().filter(h -> h.location().equals(s.location())).findFirst().orElse(null);
            List<Difference> here = new ArrayList<>();
            if (k == null && !sameEndpoint && !inSource(s.location(), item.source(), null)) {
                continue; // a different endpoint (say one on this node) legitimately leaves the node another way
            }
            if (k == null) {
                here.add(new Difference("path", s.location(), "crosses it (" + s.describe() + ")", "never showed the packet there"));
            } else {
                compareHop(item, s, k, here, sameEndpoint);
            }
            if (!here.isEmpty() && where == null) {
                where = s.location();
            }
            diffs.addAll(here);
        }
        for (Hop k : kernel.path()) {
            if (!noTrace && !simLocations.contains(k.location())
                    && (sameEndpoint || inSource(k.location(), item.source(), null))) {
                diffs.add(new Difference("path", k.location(), "does not cross it", "crossed it (" + k.describe() + ")"));
                if (where == null) {
                    where = k.location();
                }
            }
        }
        if (!noTrace && sameEndpoint && sim.encapsulated().isEmpty() != kernel.encapsulated().isEmpty()) {
            diffs.add(new Difference("encapsulation", null, sim.encapsulated().isEmpty() ? "none" : "vxlan",
                    kernel.encapsulated().isEmpty() ? "none" : "vxlan"));
        }
        Set<String> simNat = sameEndpoint ? sim.nat() : wildcardTargets(sim.nat());
        Set<String> kNat = sameEndpoint ? kernel.nat() : wildcardTargets(kernel.nat());
        if (!simNat.equals(kNat)) {
            diffs.add(new Difference("nat", null, sim.nat().toString(), kernel.nat().toString()));
        }
        if (!sim.mtu().equals(kernel.mtu())) {
            diffs.add(new Difference("mtu", null, sim.mtu().toString(), kernel.mtu().toString()));
        }
        notes.addAll(sim.notes().stream().filter(n -> !noTrace || !n.equals(SimulatedFacts.NO_EVENTS))
                .map(n -> "simulator: " + n).toList());
        notes.addAll(kernel.notes().stream().map(n -> "kernel: " + n).toList());
        return new FlowResult(item.name(), true, sim, kernel, diffs, where, notes);
    }

    /**
     * Compares one hop. When the two sides picked different endpoints, the destination after the
     * Service translation (address, port, and the tunnel's remote end) legitimately differs and is not
     * compared; the source, TTL and the rest still are.
     */
    private static void compareHop(TrafficItem item, Hop s, Hop k, List<Difference> out, boolean sameEndpoint) {
        boolean translated = !Objects.equals(s.dst(), item.dst().toString()) || !Objects.equals(k.dst(), item.dst().toString());
        boolean skipDst = !sameEndpoint && translated;
        if (!Objects.equals(s.src(), k.src()) || (!skipDst && !Objects.equals(s.dst(), k.dst()))) {
            out.add(new Difference("addresses", s.location(), s.src() + " > " + s.dst(), k.src() + " > " + k.dst()));
        }
        if (!skipDst && s.dport() != k.dport()) {
            out.add(new Difference("port", s.location(), Integer.toString(s.dport()), Integer.toString(k.dport())));
        }
        if (s.ttl() != k.ttl()) {
            out.add(new Difference("ttl", s.location(), Integer.toString(s.ttl()), Integer.toString(k.ttl())));
        }
        if (!item.transport().equals("tcp") && s.length() != k.length()) {
            out.add(new Difference("length", s.location(), s.length() + " bytes", k.length() + " bytes"));
        }
        Hop.Tunnel st = s.tunnel();
        Hop.Tunnel kt = k.tunnel();
        if ((st == null) != (kt == null)) {
            out.add(new Difference("encapsulation", s.location(), st == null ? "none" : s.describe(),
                    kt == null ? "none" : k.describe()));
        } else if (st != null) {
            String a = st.type() + " " + st.src() + " > " + (skipDst ? "*" : st.dst()) + ":" + st.port() + " vni " + st.vni() + " ttl " + st.ttl()
                    + " +" + st.overhead(s.length()) + "B";
            String b = kt.type() + " " + kt.src() + " > " + (skipDst ? "*" : kt.dst()) + ":" + kt.port() + " vni " + kt.vni() + " ttl " + kt.ttl()
                    + " +" + kt.overhead(k.length()) + "B";
            if (!a.equals(b)) {
                out.add(new Difference("encapsulation", s.location(), a, b));
            }
        }
    }

    /** Whether a hop is in the client pod, or (when {@code sourceNode} is given) in the client's node. */
    private static boolean inSource(String location, String source, String sourceNode) {
        String ns = location.contains("/") ? location.substring(0, location.indexOf('/')) : location;
        return ns.equals(source) || (sourceNode != null && ns.equals(sourceNode));
    }

    private static Set<String> wildcardTargets(Set<String> nat) {
        Set<String> out = new TreeSet<>();
        for (String n : nat) {
            out.add(n.startsWith("DNAT ") ? n.substring(0, n.indexOf("->") + 2) + " *" : n);
        }
        return out;
    }

    /** Whether every attempt the kernel ran is accounted for under some translation target. */
    private static boolean coversEveryAttempt(FlowFacts kernel) {
        Set<String> covered = new TreeSet<>();
        kernel.byTarget().values().forEach(covered::addAll);
        return kernel.outcomes().keySet().stream().allMatch(o -> o.equals("not-run") || covered.contains(o));
    }

    /**
     * With a random endpoint choice the two sides pick different endpoints attempt by attempt, so their
     * outcome sets over a few attempts need not match. What must match is what happened to the
     * attempts sent to the same endpoint: a connection DNATed to a dead replica fails on both sides, one
     * DNATed to a live one succeeds on both.
     *
     * @return whether they agree for every endpoint both sides sent attempts to
     */
    static boolean compareByTarget(FlowFacts sim, FlowFacts kernel, List<Difference> diffs, List<String> notes) {
        boolean agree = true;
        List<String> onlyOne = new ArrayList<>();
        for (String target : new TreeSet<>(union(sim.byTarget().keySet(), kernel.byTarget().keySet()))) {
            Set<String> s = sim.byTarget().get(target);
            Set<String> k = kernel.byTarget().get(target);
            if (s == null || k == null) {
                onlyOne.add(target + " (" + (s == null ? "kernel" : "simulator") + " only)");
            } else if (!sameOutcomes(s, k)) {
                diffs.add(new Difference("outcome", null, "attempts DNATed to " + target + ": " + s, k.toString()));
                agree = false;
            }
        }
        if (!onlyOne.isEmpty()) {
            notes.add("outcomes compared per endpoint; only one side sent attempts to " + String.join(", ", onlyOne));
        }
        if (kernel.outcomes().containsKey("not-run")) {
            notes.add("the kernel's client stopped after three silent attempts in a row; "
                    + kernel.outcomes().get("not-run") + " attempt(s) not run");
        }
        return agree;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return out;
    }

    /** Outcomes agree when equal, or when the simulator saw a drop that the kernel's client could only see as silence. */
    static boolean sameOutcome(String sim, String kernel) {
        String s = sim == null ? "none" : sim;
        String k = kernel == null ? "none" : kernel;
        if (s.equals(k)) {
            return true;
        }
        boolean kSilent = k.equals("timeout") || k.equals("not-run");
        return (s.equals("dropped") || s.equals("timeout")) && kSilent;
    }

    static boolean sameOutcomes(Set<String> sim, Set<String> kernel) {
        for (String k : kernel) {
            if (sim.stream().noneMatch(s -> sameOutcome(s, k))) {
                return false;
            }
        }
        for (String s : sim) {
            if (kernel.stream().noneMatch(k -> sameOutcome(s, k))) {
                return false;
            }
        }
        return true;
    }

    /** Kept for callers that hold counts. */
    static int total(Map<String, Integer> m) {
        return m.values().stream().mapToInt(Integer::intValue).sum();
    }
}
