package io.podnet.dataplane.compare;

import java.util.List;

/**
 * The comparison of one traffic item.
 *
 * @param checkable       false when this kernel cannot carry the item (then nothing was compared)
 * @param firstDivergence the first hop where the two sides part, or null
 * @param notes           what was not compared and why
 */
public record FlowResult(String name, boolean checkable, FlowFacts simulated, FlowFacts kernel,
                         List<Difference> differences, String firstDivergence, List<String> notes) {
    public FlowResult {
        differences = List.copyOf(differences);
        notes = List.copyOf(notes);
    }

    public boolean agree() {
        return checkable && differences.isEmpty();
    }

    public static FlowResult notCheckable(String name, String why) {
        return new FlowResult(name, false, null, null, List.of(), null, List.of(why));
    }
}
