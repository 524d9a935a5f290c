package io.podnet.reports.bench;

import io.podnet.sim.engine.Engine;
import java.util.Arrays;
import java.util.SplittableRandom;
import umontreal.ssj.simevents.Simulator;
import umontreal.ssj.simevents.eventlist.Henriksen;

/**
 * The hold model (Vaucher and Duval's classic event-list benchmark): {@code pending} events are
 * scheduled, and each event that runs schedules one more at now + an exponential delay, until
 * {@code events} have run. The same delays (exponential, mean 1 µs, from a seeded
 * {@link SplittableRandom}, rounded to whole nanoseconds) drive three event lists in one JVM:
 * <ul>
 *   <li>podnet's {@link Engine} (through its public API: one {@code schedule} per event, which
 *       allocates the event's handle);</li>
 *   <li>SSJ's {@link Henriksen} list under an SSJ {@link Simulator}, the way SSJ is meant to be used:
 *       an {@code Event} subclass whose {@code actions()} reschedules the same event object (no
 *       allocation per event), times as {@code double} nanoseconds;</li>
 *   <li>{@link PriorityQueueEngine}, the engine's former algorithm.</li>
 * </ul>
 * Each is run once to warm up the JIT, then {@code rounds} times in alternation; the median
 * rate of each is reported. Rates are per second of the measuring thread's CPU time
 * ({@link Clock}), so time the shared machine gives to other processes does not count.
 */
public final class HoldModel {
    private static final int DELAY_TABLE = 1 << 20;
    private static final double MEAN_DELAY_NS = 1_000.0;

    /** Median events per second of each event list, and the numbers of the run. */
    public record Result(long events, int pending, int rounds, double engineEventsPerSec, double ssjEventsPerSec,
                         double priorityQueueEventsPerSec) {
        public double engineToSsj() {
            return engineEventsPerSec / ssjEventsPerSec;
        }

        public double engineToPriorityQueue() {
            return engineEventsPerSec / priorityQueueEventsPerSec;
        }
    }

    private HoldModel() {}

    /** Runs the three event lists: a warm-up each, then {@code rounds} alternating measured runs. */
    public static Result measure(long events, int pending, int rounds, long seed) {
        return measure(events, pending, rounds, seed, () -> { });
    }

    /** The number of runs {@link #measure} makes: a warm-up and {@code rounds} measured runs of each list. */
    public static int runs(int rounds) {
        return 3 * (1 + rounds);
    }

    /** As {@link #measure(long, int, int, long)}, calling {@code ran} after each of the {@link #runs} runs. */
    public static Result measure(long events, int pending, int rounds, long seed, Runnable ran) {
        if (events < pending || pending < 1 || rounds < 1) {
            throw new IllegalArgumentException("need events >= pending >= 1 and rounds >= 1");
        }
        long[] delays = delays(seed);
        long warm = Math.min(events, 1_000_000);
        engine(warm, pending, delays);
        ran.run();
        ssj(warm, pending, delays);
        ran.run();
        priorityQueue(warm, pending, delays);
        ran.run();
        double[] e = new double[rounds];
        double[] s = new double[rounds];
        double[] p = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            e[r] = engine(events, pending, delays);
            ran.run();
            s[r] = ssj(events, pending, delays);
            ran.run();
            p[r] = priorityQueue(events, pending, delays);
            ran.run();
        }
        return new Result(events, pending, rounds, median(e), median(s), median(p));
    }

    /** Exponential delays with a 1 µs mean, whole nanoseconds, from the seeded generator. */
    static long[] delays(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] d = new long[DELAY_TABLE];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.round(-Math.log(1.0 - r.nextDouble()) * MEAN_DELAY_NS);
        }
        return d;
    }

    /** podnet's engine: events per second. */
    static double engine(long events, int pending, long[] delays) {
        Engine engine = new Engine();
        EngineHold hold = new EngineHold(engine, delays, events - pending);
        long t0 = Clock.cpuNanos();
        for (int i = 0; i < pending; i++) {
            engine.schedule(delays[hold.k++ & (DELAY_TABLE - 1)], hold);
        }
        engine.runUntilIdle();
        long ns = Clock.cpuNanos() - t0;
        check(engine.executedEvents(), events, "engine");
        return events / (ns / 1e9);
    }

    /** SSJ's Henriksen list: events per second. */
    static double ssj(long events, int pending, long[] delays) {
        Simulator sim = new Simulator(new Henriksen());
        SsjShared shared = new SsjShared(delays, events - pending);
        long t0 = Clock.cpuNanos();
        for (int i = 0; i < pending; i++) {
            new SsjHold(sim, shared).schedule(delays[shared.k++ & (DELAY_TABLE - 1)]);
        }
        sim.start();
        long ns = Clock.cpuNanos() - t0;
        check(shared.executed, events, "SSJ");
        return events / (ns / 1e9);
    }

    /** The former PriorityQueue engine: events per second. */
    static double priorityQueue(long events, int pending, long[] delays) {
        PriorityQueueEngine engine = new PriorityQueueEngine();
        PqHold hold = new PqHold(engine, delays, events - pending);
        long t0 = Clock.cpuNanos();
        for (int i = 0; i < pending; i++) {
            engine.schedule(delays[hold.k++ & (DELAY_TABLE - 1)], hold);
        }
        engine.runUntilIdle();
        long ns = Clock.cpuNanos() - t0;
        check(engine.executedEvents(), events, "PriorityQueue engine");
        return events / (ns / 1e9);
    }

    private static void check(long ran, long expected, String what) {
        if (ran != expected) {
            throw new IllegalStateException(what + " ran " + ran + " events, expected " + expected);
        }
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static final class EngineHold implements Runnable {
        final Engine engine;
        final long[] delays;
        long left;
        int k;

        EngineHold(Engine engine, long[] delays, long left) {
            this.engine = engine;
            this.delays = delays;
            this.left = left;
        }

        @Override
        public void run() {
            if (left > 0) {
                left--;
                engine.schedule(delays[k++ & (DELAY_TABLE - 1)], this);
            }
        }
    }

    private static final class PqHold implements Runnable {
        final PriorityQueueEngine engine;
        final long[] delays;
        long left;
        int k;

        PqHold(PriorityQueueEngine engine, long[] delays, long left) {
            this.engine = engine;
            this.delays = delays;
            this.left = left;
        }

        @Override
        public void run() {
            if (left > 0) {
                left--;
                engine.schedule(delays[k++ & (DELAY_TABLE - 1)], this);
            }
        }
    }

    private static final class SsjShared {
        final long[] delays;
        long left;
        long executed;
        int k;

        SsjShared(long[] delays, long left) {
            this.delays = delays;
            this.left = left;
        }
    }

    private static final class SsjHold extends umontreal.ssj.simevents.Event {
        private final SsjShared s;

        SsjHold(Simulator sim, SsjShared s) {
            super(sim);
            this.s = s;
        }

        @Override
        public void actions() {
            s.executed++;
            if (s.left > 0) {
                s.left--;
                schedule(s.delays[s.k++ & (DELAY_TABLE - 1)]);
            }
        }
    }
}
