package io.podnet.sim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.podnet.sim.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lazy explanations and decisions: built once, only when a listener reads them, and equal to eager ones. */
class TracerTest {
    @Test
    void lazyPartsAreBuiltOnlyWhenReadAndThenKept() {
        Tracer t = new Tracer(new Engine());
        List<TraceEvent> seen = new ArrayList<>();
        t.addListener(seen::add);
        int[] built = {0, 0};
        t.emitLazy(7, "f", "ns", "eth0", EventKind.ROUTE, () -> {
            built[0]++;
            return "route lookup";
        }, null, null, () -> {
            built[1]++;
            return new Decision.RouteMatch("main", "default via 10.0.0.1 dev eth0", "10.0.0.1", "eth0");
        });
        t.emit(8, "f", "ns", "eth0", EventKind.ROUTE, "route lookup", null, null,
                new Decision.RouteMatch("main", "default via 10.0.0.1 dev eth0", "10.0.0.1", "eth0"));
        TraceEvent lazy = seen.get(0);
        assertEquals(0, built[0] + built[1], "nothing built before a reader asks");
        assertEquals(seen.get(1).decision(), lazy.decision());
        assertEquals(lazy.decision(), lazy.decision());
        assertEquals(seen.get(1).explanation(), lazy.explanation());
        assertEquals(1, built[0]);
        assertEquals(1, built[1], "built once, then kept");
        assertEquals(0, lazy.seq());
        assertEquals(1, seen.get(1).seq());
    }

    @Test
    void aLazyDecisionMayBeNone() {
        Tracer t = new Tracer(new Engine());
        List<TraceEvent> seen = new ArrayList<>();
        t.addListener(seen::add);
        t.emitLazy(1, null, "ns", null, EventKind.NOTE, () -> "x", null, null, () -> null);
        assertNull(seen.get(0).decision());
        assertEquals(new TraceEvent(0, 0, 1, null, "ns", null, EventKind.NOTE, "x", null, null, null), seen.get(0));
    }

    @Test
    void eventsNoListenerWantsAreNotBuiltButKeepTheirNumbers() {
        Tracer t = new Tracer(new Engine());
        List<TraceEvent> drops = new ArrayList<>();
        t.addListener(new TraceListener() {
            @Override
            public void onEvent(TraceEvent e) {
                drops.add(e);
            }

            @Override
            public boolean wants(EventKind kind, String flow, String namespace) {
                return kind == EventKind.DROP;
            }
        });
        int[] built = {0};
        t.emitLazy(1, "f", "ns", null, EventKind.ROUTE, () -> "route", null, null, () -> {
            built[0]++;
            return null;
        });
        t.emit(2, "f", "ns", null, EventKind.DROP, "dropped", null, null, null);
        t.emit(3, "f", "ns", null, EventKind.NOTE, () -> "note", null, null, null);
        assertEquals(3, t.emitted(), "every event counts");
        assertEquals(1, drops.size());
        assertEquals(1, drops.get(0).seq(), "the ROUTE event before it took number 0");
        assertEquals(0, built[0]);

        List<TraceEvent> all = new ArrayList<>();
        t.addListener(all::add); // wants everything: every listener hears every event again
        t.emit(4, "f", "ns", null, EventKind.NOTE, "note", null, null, null);
        assertEquals(4, t.emitted());
        assertEquals(List.of(3L, 3L), List.of(all.get(0).seq(), drops.get(1).seq()));
    }
}
