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
 */
public record FlowFacts(String outcome, Map<String, Integer> outcomes, Map<String, Integer> servedBy,
                        String pathEndpoint, List<Hop> path, Set<String> nat, Set<String> mtu,
                        List<String> notes) {
    public FlowFacts {
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
}
