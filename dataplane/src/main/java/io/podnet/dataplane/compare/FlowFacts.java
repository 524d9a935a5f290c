package io.podnet.dataplane.compare;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one side (simulator or kernel) says about one traffic item, in the same shape for both.
 *
 * @param outcome      the first attempt's outcome (delivered, refused, dropped, timeout, ...)
 * @param outcomes     outcome -> number of attempts
 * @param servedBy     endpoint namespace -> number of attempts it served
 * @param pathEndpoint the endpoint of the attempt whose path is given, or null
 * @param path         the request's first packet at each interface it crossed, in order
 * @param nat          translations of that attempt ("DNAT a:p -> b:q", "SNAT a -> b")
 * @param mtu          MTU events ("fragmented", "frag-needed mtu 1450", "local error mtu 1450")
 * @param notes        anything a reader should know (limits of what was observed)
 * @param byTarget     the Service translation's target ("10.244.2.2:8080") -> the outcomes of the attempts
 *                     DNATed to it; empty when nothing was translated. It lets two runs that made
 *                     different random choices be compared attempt for attempt: what happened to the
 *                     connections sent to one endpoint must agree, whichever endpoints each side picked.
 */
public record FlowFacts(String outcome, Map<String, Integer> outcomes, Map<String, Integer> servedBy,
                        String pathEndpoint, List<Hop> path, Set<String> nat, Set<String> mtu,
                        List<String> notes, Map<String, Set<String>> byTarget) {
    public FlowFacts {
        java.util.SortedMap<String, Set<String>> targets = new java.util.TreeMap<>();
        byTarget.forEach((k, v) -> targets.put(k, java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(v))));
        byTarget = java.util.Collections.unmodifiableSortedMap(targets);
        outcomes = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(outcomes));
        servedBy = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(servedBy));
        path = List.copyOf(path);
        nat = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(nat));
        mtu = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(mtu));
        notes = List.copyOf(notes);
    }

    /** The hops that carried an encapsulated packet. */
    public List<Hop> encapsulated() {
        return path.stream().filter(h -> h.tunnel() != null).toList();
    }

    public Map<String, Integer> outcomeCounts() {
        return outcomes;
    }

    /** The target of a DNAT text ("DNAT a:p -> b:q" gives "b:q"), or null for anything else. */
    public static String dnatTarget(String nat) {
        if (nat == null || !nat.startsWith("DNAT ")) {
            return null;
        }
        int arrow = nat.indexOf("-> ");
        return arrow < 0 ? null : nat.substring(arrow + 3).strip();
    }

    /** Adds one attempt's outcome under its translation target (nothing when it was not translated). */
    static void addTarget(Map<String, Set<String>> byTarget, String target, String outcome) {
        if (target != null && outcome != null) {
            byTarget.computeIfAbsent(target, t -> new java.util.TreeSet<>()).add(outcome);
        }
    }
}
