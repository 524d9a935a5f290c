package io.podnet.viewer.model;

import io.podnet.sim.trace.TraceEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tables of namespaces at any event of a run ({@link TablesAt}), answered without reading the
 * trace from the start each time: per namespace asked about it keeps the tables at the last event
 * it reached and goes on from there when asked about a later event; for an earlier event it starts
 * from the nearest checkpoint before it (the tables copied every {@link #CHECKPOINT} events on
 * the way). What it holds is the namespaces' tables (what the network holds live) and one copy
 * per checkpoint, never the events.
 */
public final class TableHistory {
    /** Events between two checkpoints of a namespace's tables. */
    public static final int CHECKPOINT = 1 << 16;

    private final List<TraceEvent> trace;
    private final Map<String, Cursor> cursors = new HashMap<>();

    /** A namespace's tables after events {@code [0, next)}, and copies of them at multiples of CHECKPOINT. */
    private static final class Cursor {
        TablesAt.Builder tables;
        int next;
        final TreeMap<Integer, TablesAt.Builder> checkpoints = new TreeMap<>();
    }

    public TableHistory(List<TraceEvent> trace) {
        this.trace = trace;
    }

    /** The tables of {@code namespace} after events {@code [0, upTo]}, as {@link TablesAt#of} gives them. */
    public synchronized TablesAt at(int upTo, String namespace) {
        if (namespace == null) {
            return TablesAt.of(trace, upTo, null);
        }
        int end = Math.max(0, Math.min(upTo + 1, trace.size()));
        Cursor c = cursors.computeIfAbsent(namespace, n -> {
            Cursor x = new Cursor();
            x.tables = new TablesAt.Builder(n);
            x.checkpoints.put(0, new TablesAt.Builder(x.tables));
            return x;
        });
        if (end < c.next) {
            Map.Entry<Integer, TablesAt.Builder> cp = c.checkpoints.floorEntry(end);
            c.tables = new TablesAt.Builder(cp.getValue());
            c.next = cp.getKey();
        }
        Cursor cur = c;
        Traces.scan(trace, c.next, end, (i, e) -> {
            cur.tables.accept(e);
            int done = i + 1;
            if (done % CHECKPOINT == 0 && !cur.checkpoints.containsKey(done)) {
                cur.checkpoints.put(done, new TablesAt.Builder(cur.tables));
            }
        });
        c.next = end;
        return c.tables.build();
    }
}
