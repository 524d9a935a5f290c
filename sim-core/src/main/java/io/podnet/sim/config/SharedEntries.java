package io.podnet.sim.config;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Entries that many namespaces hold alike, kept once: Flannel VXLAN's route, permanent neighbour
 * and FDB entry for each node's VTEP are the same objects on every other node. A namespace refers
 * to them through an {@link EntryList.Shared} part (usually all of them but its own), so the
 * rendered configuration of N nodes holds N entries instead of N×(N−1), and a realiser that
 * recognises the part (the simulator's {@code NetworkBuilder}) can realise them as one shared,
 * immutable layer under each namespace's own table.
 *
 * <p>Immutable; identity matters (realisers index each instance once). {@link #order()} is the
 * comparator the entries are sorted by, when they were built sorted ({@link #sorted}), so that a
 * namespace's sorted list can be a merge of its own entries and ranges of these without copying.
 *
 * @param <T> a configuration record ({@link RouteConfig}, {@link NeighbourConfig}, {@link FdbConfig})
 */
public final class SharedEntries<T> {
    private final Object[] items;
    private final Comparator<? super T> order;

    private SharedEntries(List<? extends T> items, Comparator<? super T> order) {
        this.items = items.toArray();
        for (int i = 0; i < this.items.length; i++) {
            Objects.requireNonNull(this.items[i], "shared entry " + i);
        }
        this.order = order;
    }

    /** The entries, in the given order. */
    public static <T> SharedEntries<T> of(List<? extends T> items) {
        return new SharedEntries<>(items, null);
    }

    /** The entries sorted (stably) by {@code order}, which {@link #order()} then returns. */
    public static <T> SharedEntries<T> sorted(List<? extends T> items, Comparator<? super T> order) {
        List<T> copy = new java.util.ArrayList<>(items);
        copy.sort(order);
        return new SharedEntries<>(copy, order);
    }

    public int size() {
        return items.length;
    }

    @SuppressWarnings("unchecked")
    public T get(int index) {
        return (T) items[index];
    }

    /** The comparator the entries are sorted by, or null when they are in no particular order. */
    public Comparator<? super T> order() {
        return order;
    }

    /**
     * Where each of {@code items} (found by identity; every one must be here) stands in this array:
     * a renderer that built the entries in node order and sorted them keeps this to find a node's
     * own entry to leave out ({@link #except}).
     */
    public int[] positionsOf(List<? extends T> items) {
        java.util.Map<Object, Integer> at = new java.util.IdentityHashMap<>(this.items.length * 2);
        for (int i = 0; i < this.items.length; i++) {
            at.put(this.items[i], i);
        }
        int[] positions = new int[items.size()];
        for (int i = 0; i < positions.length; i++) {
            Integer p = at.get(items.get(i));
            if (p == null) {
                throw new IllegalArgumentException("entry " + i + " is not one of these shared entries");
            }
            positions[i] = p;
        }
        return positions;
    }

    /** Every entry but the one at {@code except} (-1: all of them), as one part of an {@link EntryList}. */
    public EntryList.Shared<T> except(int except) {
        return new EntryList.Shared<>(this, 0, items.length, except);
    }

    @Override
    public String toString() {
        return "SharedEntries[" + items.length + (order == null ? "" : ", sorted") + "]";
    }
}
