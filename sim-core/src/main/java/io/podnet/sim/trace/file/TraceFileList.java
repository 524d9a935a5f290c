package io.podnet.sim.trace.file;

import io.podnet.sim.trace.TraceEvent;
import java.io.Closeable;
import java.io.IOException;
import java.util.AbstractList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.RandomAccess;
import java.util.function.Consumer;

/**
 * A trace file as a read-only {@code List<TraceEvent>}: {@link #get} reads through a bounded cache
 * of at most {@link #capacity()} events, filled a block of {@link #BLOCK} neighbouring events at a
 * time (so stepping forwards or backwards, and loops over ascending positions, read the file
 * sequentially); {@link #iterator()} and {@link #scan} read front to back without touching the
 * cache. At no time does it hold more than {@code capacity()} events plus one block.
 *
 * <p>Read errors (a corrupt record) are {@link java.io.UncheckedIOException}s whose cause is a
 * {@link TraceFileException}. {@code equals} is identity: comparing two traces element by element
 * is a loop the caller writes on purpose.
 */
public final class TraceFileList extends AbstractList<TraceEvent> implements RandomAccess, Closeable {
    /** Events read together on a cache miss (an aligned block). */
    public static final int BLOCK = 32;

    private final TraceFileReader reader;
    private final int size;
    private final int capacity;
    private final LinkedHashMap<Integer, TraceEvent> cache;
    private long blockReads;

    /** A list over {@code reader} holding at most {@code capacity} events (at least one block). */
    public TraceFileList(TraceFileReader reader, int capacity) {
        if (reader.size() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(reader.file() + " has " + reader.size() + " events; a list holds at most "
                    + Integer.MAX_VALUE);
        }
        if (capacity < BLOCK) {
            throw new IllegalArgumentException("a cache of " + capacity + " events is smaller than a block of " + BLOCK);
        }
        this.reader = reader;
        this.size = (int) reader.size();
        this.capacity = capacity;
        this.cache = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, TraceEvent> eldest) {
                return size() > TraceFileList.this.capacity;
            }
        };
    }

    /** A list with a cache of 4096 events. */
    public TraceFileList(TraceFileReader reader) {
        this(reader, 4096);
    }

    public TraceFileReader reader() {
        return reader;
    }

    @Override
    public int size() {
        return size;
    }

    /** The most events the cache holds. */
    public int capacity() {
        return capacity;
    }

    /** Events in the cache now (never more than {@link #capacity()}). */
    public synchronized int cached() {
        return cache.size();
    }

    /** Blocks read from the file so far through {@link #get}. */
    public synchronized long blockReads() {
        return blockReads;
    }

    @Override
    public synchronized TraceEvent get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("event " + i + " of " + size);
        }
        TraceEvent e = cache.get(i);
        if (e != null) {
            return e;
        }
        int from = i - i % BLOCK;
        int to = Math.min(size, from + BLOCK);
        TraceFileReader.Cursor c = reader.cursor(from, to);
        blockReads++;
        for (int k = from; k < to; k++) {
            TraceEvent x = c.next();
            if (k == i) {
                e = x;
            } else if (!cache.containsKey(k)) {
                cache.put(k, x);
            }
        }
        cache.put(i, e); // last, so the asked-for event is the most recent
        return e;
    }

    /** Reads the events front to back (not through the cache). */
    @Override
    public Iterator<TraceEvent> iterator() {
        TraceFileReader.Cursor c = reader.cursor(0);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return c.hasNext();
            }

            @Override
            public TraceEvent next() {
                return c.next();
            }
        };
    }

    /** Hands events {@code [from, to)} to {@code each}, front to back (not through the cache). */
    public void scan(int from, int to, Consumer<TraceEvent> each) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("events [" + from + ", " + to + ") of " + size);
        }
        TraceFileReader.Cursor c = reader.cursor(from);
        for (int k = from; k < to; k++) {
            each.accept(c.next());
        }
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "TraceFileList[" + reader.file() + ", " + size + " events]";
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
