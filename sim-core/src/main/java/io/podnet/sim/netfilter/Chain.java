package io.podnet.sim.netfilter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A chain of a committed table: built-in (with a policy) or user-defined. Immutable. */
public final class Chain {
    private final String name;
    private final boolean builtin;
    private final String policy;
    private final List<Rule> rules;
    final Rule[] ruleArray;
    /**
     * For long chains (KUBE-SERVICES with thousands of ClusterIPs): rule indexes by exact destination
     * ({@code -d a.b.c.d/32}), and the indexes of the rules that may match any destination. Null when
     * the chain is short or has no such rules.
     */
    private final Map<Integer, int[]> byDestination;
    private final int[] anyDestination;

    static final int INDEX_THRESHOLD = 16;

    Chain(String name, boolean builtin, String policy, List<Rule> rules) {
        this.name = name;
        this.builtin = builtin;
        this.policy = policy;
        this.rules = List.copyOf(rules);
        this.ruleArray = rules.toArray(new Rule[0]);
        Map<Integer, List<Integer>> keyed = new HashMap<>();
        List<Integer> any = new ArrayList<>();
        for (int i = 0; i < ruleArray.length; i++) {
            Rule r = ruleArray[i];
            if (r.dstMask == -1 && !r.dstInvert) {
                keyed.computeIfAbsent(r.dstBits, k -> new ArrayList<>()).add(i);
            } else {
                any.add(i);
            }
        }
        if (ruleArray.length >= INDEX_THRESHOLD && keyed.size() * 2 >= ruleArray.length / 4) {
            Map<Integer, int[]> m = new HashMap<>();
            for (Map.Entry<Integer, List<Integer>> e : keyed.entrySet()) {
                m.put(e.getKey(), e.getValue().stream().mapToInt(Integer::intValue).toArray());
            }
            byDestination = m;
            anyDestination = any.stream().mapToInt(Integer::intValue).toArray();
        } else {
            byDestination = null;
            anyDestination = null;
        }
    }

    boolean indexed() {
        return byDestination != null;
    }

    /** The rules that can match a packet to {@code dst}, as ascending indexes, or null when not indexed. */
    int[] keyedFor(int dst) {
        return byDestination.get(dst);
    }

    /**
     * The first rule index at or after {@code from} that can match a packet to the destination whose
     * keyed rules are {@code keyed} (may be null); {@code ruleArray.length} when none is left.
     */
    int next(int from, int[] keyed) {
        int a = firstAtOrAfter(anyDestination, from);
        int b = keyed == null ? Integer.MAX_VALUE : firstAtOrAfter(keyed, from);
        int n = Math.min(a, b);
        return n == Integer.MAX_VALUE ? ruleArray.length : n;
    }

    private static int firstAtOrAfter(int[] sorted, int from) {
        int i = Arrays.binarySearch(sorted, from);
        if (i < 0) {
            i = -i - 1;
        }
        return i < sorted.length ? sorted[i] : Integer.MAX_VALUE;
    }

    public String name() {
        return name;
    }

    public boolean builtin() {
        return builtin;
    }

    /** ACCEPT or DROP for a built-in chain, null for a user chain. */
    public String policy() {
        return policy;
    }

    public List<Rule> rules() {
        return rules;
    }

    boolean policyDrops() {
        return "DROP".equals(policy);
    }
}
