package io.podnet.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
    void cancellingTwiceOrAfterRunningChangesNothing() {
        Engine e = new Engine();
        List<String> log = new ArrayList<>();
        EventHandle ran = e.schedule(1, () -> log.add("ran"));
        EventHandle cancelled = e.schedule(2, () -> log.add("cancelled"));
        e.runUntil(1);
        assertFalse(ran.isPending());
        e.cancel(ran);
        e.cancel(cancelled);
        e.cancel(cancelled);
        assertFalse(cancelled.isPending());
        assertEquals(1, e.pendingEvents(), "a cancelled event is counted until it is reached");
        e.runUntilIdle();
        assertEquals(List.of("ran"), log);
        assertEquals(0, e.pendingEvents());
        assertEquals(1, e.executedEvents());
    }

    @Test
    void schedulingBeforeASkippedCancelledEventKeepsTheOrder() {
        Engine e = new Engine();
        List<String> log = new ArrayList<>();
        e.cancel(e.schedule(1_000, () -> log.add("cancelled")));
        e.runUntilIdle(); // skips the cancelled event; the clock stays at 0
        assertEquals(0, e.now());
        e.schedule(2_000, () -> log.add("c@" + e.now()));
        e.schedule(5, () -> log.add("a@" + e.now()));
        e.schedule(5, () -> log.add("b@" + e.now()));
        e.scheduleNow(() -> log.add("now@" + e.now()));
        e.runUntil(1_500);
        assertEquals(List.of("now@0", "a@5", "b@5"), log);
        e.schedule(10, () -> log.add("d@" + e.now()));
        e.runUntilIdle();
        assertEquals(List.of("now@0", "a@5", "b@5", "d@1510", "c@2000"), log);
    }

    @Test
    void farApartTimesRunInOrder() {
        Engine e = new Engine();
        List<Long> log = new ArrayList<>();
        long[] times = {Long.MAX_VALUE / 2, 1, 0, 1L << 40, (1L << 40) + 1, 3, Long.MAX_VALUE - 1, 1L << 62};
        for (long t : times) {
            e.at(t, () -> log.add(e.now()));
        }
        e.runUntilIdle();
        assertEquals(List.of(0L, 1L, 3L, 1L << 40, (1L << 40) + 1, Long.MAX_VALUE / 2, 1L << 62, Long.MAX_VALUE - 1),
                log);
    }

    @Test
    void manySameTimeEventsKeepInsertionOrder() {
        Engine e = new Engine();
        List<Integer> log = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            int id = i;
            e.schedule(i % 3 == 0 ? 7 : 3, () -> log.add(id));
        }
        e.runUntilIdle();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            if (i % 3 != 0) {
                expected.add(i);
            }
        }
        for (int i = 0; i < 5_000; i++) {
            if (i % 3 == 0) {
                expected.add(i);
            }
        }
        assertEquals(expected, log);
    }

    /**
     * Many events, scheduled before and while running (delays from 0, so ties at the current
     * instant, to large), some cancelled: the engine runs exactly the events a naive reference
     * (linear scan for the least (time, insertion number) among those not cancelled) runs, in the
     * same order and at the same times.
     */
    @Test
    void stressAgainstANaiveReferenceOrdering() {
        for (long seed = 1; seed <= 6; seed++) {
            boolean steps = seed % 2 == 0;
            List<String> fast = stressRun(seed, false, steps);
            List<String> naive = stressRun(seed, true, steps);
            assertEquals(naive.size(), fast.size());
            assertEquals(naive, fast);
            assertTrue(fast.size() > 10_000, "the run exercised the heap: " + fast.size());
        }
    }

    /**
     * The same random workload on the engine or on a reference list; returns "id@time" in run order.
     * With {@code steps}, the run goes in random {@code runUntil} steps, scheduling a few events from
     * outside between them.
     */
    private static List<String> stressRun(long seed, boolean naive, boolean steps) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> log = new ArrayList<>();
        Reference ref = new Reference();
        Engine e = new Engine();
        List<Object> handles = new ArrayList<>();
        int[] nextId = {0};
        Runnable[] spawn = new Runnable[1];
        spawn[0] = () -> {
            int children = r.nextInt(3); // 0, 1 or 2: mean 1 keeps the population steady
            for (int c = 0; c < children && nextId[0] < 60_000; c++) {
                long delay = switch (r.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> r.nextLong(4);
                    default -> r.nextLong(1_000_000);
                };
                int id = nextId[0]++;
                long now = naive ? ref.now : e.now();
                Runnable action = () -> {
                    log.add(id + "@" + (naive ? ref.now : e.now()));
                    spawn[0].run();
                };
                handles.add(naive ? ref.at(now + delay, action) : e.schedule(delay, action));
            }
            if (r.nextInt(10) == 0 && !handles.isEmpty()) {
                Object h = handles.get(r.nextInt(handles.size()));
                if (naive) {
                    ((Reference.Ev) h).cancelled = true;
                } else {
                    e.cancel((EventHandle) h);
                }
            }
        };
        for (int i = 0; i < 1_000; i++) {
            spawn[0].run();
        }
        if (steps) {
            long end = 0;
            while (naive ? !ref.pending.isEmpty() : e.pendingEvents() > 0) {
                end += r.nextLong(400_000);
                if (naive) {
                    ref.runUntil(end);
                } else {
                    e.runUntil(end);
                }
                assertEquals(end, naive ? ref.now : e.now());
                spawn[0].run();
            }
        } else if (naive) {
            ref.runUntil(Long.MAX_VALUE);
        } else {
            e.runUntilIdle();
        }
        return log;
    }

    /** The obviously correct event list: a linear scan for the least (time, insertion number). */
    private static final class Reference {
        static final class Ev {
            final long time;
            final long seq;
            final Runnable action;
            boolean cancelled;

            Ev(long time, long seq, Runnable action) {
                this.time = time;
                this.seq = seq;
                this.action = action;
            }
        }

        final List<Ev> pending = new ArrayList<>();
        long now;
        long seq;

        Ev at(long time, Runnable action) {
            Ev ev = new Ev(time, seq++, action);
            pending.add(ev);
            return ev;
        }

        void runUntil(long end) {
            while (!pending.isEmpty()) {
                int best = 0;
                for (int i = 1; i < pending.size(); i++) {
                    Ev a = pending.get(i);
                    Ev b = pending.get(best);
                    if (a.time < b.time || (a.time == b.time && a.seq < b.seq)) {
                        best = i;
                    }
                }
                if (pending.get(best).time > end) {
                    break;
                }
                Ev ev = pending.remove(best);
                if (!ev.cancelled) {
                    now = ev.time;
                    ev.cancelled = true; // ran: a later cancel does nothing
                    ev.action.run();
                }
            }
            if (end != Long.MAX_VALUE && end > now) {
                now = end;
            }
        }
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
