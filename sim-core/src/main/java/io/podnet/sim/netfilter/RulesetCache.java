package io.podnet.sim.netfilter;

import java.util.HashMap;
import java.util.Map;

/**
 * Parses each distinct iptables text once: thousands of nodes that render the same kube-proxy text
 * share one immutable {@link Ruleset}. One cache per run (no static state); not thread-safe.
 */
public final class RulesetCache {
    private final Map<String, Ruleset> byText = new HashMap<>();

    /** The ruleset for {@code text}, parsed on first use; a {@link ParseException} is not cached. */
    public Ruleset get(String text) {
        Ruleset rs = byText.get(text);
        if (rs == null) {
            rs = Ruleset.parse(text);
            byText.put(text, rs);
        }
        return rs;
    }

    /** Number of distinct texts parsed. */
    public int size() {
        return byText.size();
    }
}
