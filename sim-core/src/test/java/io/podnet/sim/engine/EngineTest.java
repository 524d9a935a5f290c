package io.podnet.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineTest {
    @Test
    void eventsRunInTimeOrderAndSameTimeInInsertionOrder() {
        Engine e = new Engine();
        List<String> log = new ArrayList<>();
        e.schedule(20, () -> log.add("b@" + e.now()));
        e.schedule(10, () -> log.add("a@" + e.now()));
        e.schedule(20, () -> log.add("c@" + e.now()));
        e.scheduleNow(() -> log.add("now@" + e.now()));
        e.runUntilIdle();
        assertEquals(List.of("now@0", "a@10", "b@20", "c@20"), log);
        assertEquals(4, e.executedEvents());
    }

    @Test
    void eventsScheduledWhileRunningKeepFifoAtTheSameInstant() {
        Engine e = new Engine();
        List<String> log = new ArrayList<>();
        e.schedule(5, () -> {
            log.add("first");
            e.scheduleNow(() -> log.add("third"));
        });
        e.schedule(5, () -> log.add("second"));
        e.runUntilIdle();
        assertEquals(List.of("first", "second", "third"), log);
    }

    @Test
    void cancelledEventsDoNotRun() {
        Engine e = new Engine();
        List<String> log = new ArrayList<>();
        EventHandle h = e.schedule(10, () -> log.add("cancelled"));
        e.schedule(10, () -> log.add("kept"));
        assertTrue(h.isPending());
        e.cancel(h);
        assertFalse(h.isPending());
        e.runUntilIdle();
        assertEquals(List.of("kept"), log);
    }

    @Test
    void runUntilStopsAtTheLimitAndAdvancesTheClock() {
        Engine e = new Engine();
        List<Long> log = new ArrayList<>();
        e.schedule(10, () -> log.add(e.now()));
        e.schedule(30, () -> log.add(e.now()));
        e.runUntil(20);
        assertEquals(List.of(10L), log);
        assertEquals(20, e.now());
        assertEquals(1, e.pendingEvents());
        e.runUntil(30);
        assertEquals(List.of(10L, 30L), log);
    }

    @Test
    void stopEndsTheRunAfterTheCurrentEvent() {
        Engine e = new Engine();
        List<String> log = new ArrayList<>();
        e.schedule(1, () -> {
            log.add("a");
            e.stop();
        });
        e.schedule(2, () -> log.add("b"));
        e.runUntilIdle();
        assertEquals(List.of("a"), log);
        e.runUntilIdle();
        assertEquals(List.of("a", "b"), log);
    }

    @Test
    void refusesThePastAndNegativeDelays() {
        Engine e = new Engine();
        e.schedule(10, () -> { });
        e.runUntilIdle();
        assertThrows(IllegalArgumentException.class, () -> e.schedule(-1, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> e.at(5, () -> { }));
    }

    @Test
    void namedRandomStreamsAreStableAndIndependent() {
        SeededRandoms r1 = new SeededRandoms(42);
        SeededRandoms r2 = new SeededRandoms(42);
        assertEquals(r1.stream("kube-proxy/node1").nextLong(), r2.stream("kube-proxy/node1").nextLong());
        assertTrue(r1.stream("a").nextLong() != r1.stream("b").nextLong());
        assertTrue(new SeededRandoms(1).stream("a").nextLong() != new SeededRandoms(2).stream("a").nextLong());
    }

    @Test
    void formatsDurations() {
        assertEquals("1ms", Durations.format(Durations.MS));
        assertEquals("12.345us", Durations.format(12_345));
        assertEquals("0.000us", Durations.format(0));
    }
}
