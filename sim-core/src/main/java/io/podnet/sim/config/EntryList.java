package io.podnet.sim.config;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable list of configuration entries made of parts: the namespace's {@link Own} entries
 * and {@link Shared} ranges of {@link SharedEntries} that many namespaces hold alike. It reads as
 * any other list (the same elements in the same order as the flat list it stands for, equal to
 * it); a realiser may look at {@link #parts()} to realise a shared range once for all the
 * namespaces that hold it. {@link NamespaceConfig} keeps an EntryList as it is instead of copying.
 *
 * @param <T> a configuration record
 */
public final class EntryList<T> extends AbstractList<T> implements RandomAccess {
    /** One part of the list. */
    public sealed interface Part<T> permits Own, Shared {
        int size();

        T get(int index);
    }

    /** Entries of this namespace alone. */
    public record Own<T>(List<T> entries) implements Part<T> {
        public Own {
            entries = List.copyOf(entries);
        }

        @Override
        public int size() {
            return entries.size();
        }

        @Override
        public T get(int index) {
            return entries.get(index);
        }
    }

    /**
     * Entries {@code from} (inclusive) to {@code to} (exclusive) of a shared array, without the one
     * at {@code except} (-1, or outside the range: none left out).
     */
    public record Shared<T>(SharedEntries<T> entries, int from, int to, int except) implements Part<T> {
        public Shared {
            if (entries == null || from < 0 || to > entries.size() || from > to || except < -1
                    || except >= entries.size()) {
                throw new IllegalArgumentException("bad shared range [" + from + ", " + to + ") except " + except + " of "
                        + entries);
            }
        }

        /** Whether {@code except} falls inside the range. */
        public boolean skips() {
            return except >= from && except < to;
        }

        @Override
        public int size() {
            return to - from - (skips() ? 1 : 0);
        }

        @Override
        public T get(int index) {
            int i = from + index;
            if (skips() && i >= except) {
                i++;
            }
            if (index < 0 || i >= to) {
                throw new IndexOutOfBoundsException(index);
            }
            return entries.get(i);
        }

        /** Whether the shared entry at {@code index} (an index into {@link #entries()}) is in this part. */
        public boolean holds(int index) {
            return index >= from && index < to && index != except;
        }
    }

    private final List<Part<T>> parts;
    private final int[] ends;

    private EntryList(List<Part<T>> parts) {
        List<Part<T>> kept = new ArrayList<>();
        for (Part<T> p : parts) {
            if (p.size() > 0) {
                kept.add(p);
            }
        }
        this.parts = List.copyOf(kept);
        this.ends = new int[kept.size()];
        int n = 0;
        for (int i = 0; i < kept.size(); i++) {
            n += kept.get(i).size();
            ends[i] = n;
        }
    }

    /** The list of these parts, in order (empty parts are dropped). */
    public static <T> EntryList<T> of(List<Part<T>> parts) {
        return new EntryList<>(parts);
    }

    /** {@code list} itself when it is an EntryList (immutable already), else {@link List#copyOf}. */
    public static <T> List<T> copyOf(List<T> list) {
        return list instanceof EntryList<T> e ? e : List.copyOf(list);
    }

    public List<Part<T>> parts() {
        return parts;
    }

    /** Whether any part is shared. */
    public boolean hasShared() {
        for (Part<T> p : parts) {
            if (p instanceof Shared) {
                return true;
            }
        }
        return false;
    }

    @Override
    public T get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(index);
        }
        int lo = 0;
        int hi = ends.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] > index) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        int start = lo == 0 ? 0 : ends[lo - 1];
        return parts.get(lo).get(index - start);
    }

    @Override
    public int size() {
        return ends.length == 0 ? 0 : ends[ends.length - 1];
    }
}
