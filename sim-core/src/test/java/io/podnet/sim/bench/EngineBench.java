package io.podnet.sim.bench;

import io.podnet.sim.engine.Engine;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Engine schedule+run throughput (score = events per second) against the same work done by a bare
 * {@link PriorityQueue} of (time, seq, action) records: the engine's overhead over the data
 * structure it is built on.
 *
 * <ul>
 *   <li>{@code batch}: schedule {@value #EVENTS} events at pseudo-random times, then run them all
 *       (a queue that grows to {@value #EVENTS}).</li>
 *   <li>{@code chain}: {@code inFlight} events each reschedule themselves after a pseudo-random
 *       delay until {@value #EVENTS} have run (a steady queue, like packets in flight).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EngineBench {
    static final int EVENTS = 10_000;

    @Param({"64"})
    public int inFlight;

    long[] delays;
    long sink;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(42);
        delays = new long[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            delays[i] = r.nextLong(1_000_000);
        }
    }

    // ------------------------------------------------------------ batch

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long engineBatch() {
        Engine e = new Engine();
        long[] d = delays;
        Runnable action = () -> sink++;
        for (int i = 0; i < EVENTS; i++) {
            e.schedule(d[i], action);
        }
        e.runUntilIdle();
        return e.executedEvents();
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long baselineBatch() {
        Bare q = new Bare();
        long[] d = delays;
        Runnable action = () -> sink++;
        for (int i = 0; i < EVENTS; i++) {
            q.at(q.now + d[i], action);
        }
        return q.run();
    }

    // ------------------------------------------------------------ chain

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long engineChain() {
        Engine e = new Engine();
        long[] d = delays;
        int[] left = {EVENTS};
        Runnable[] self = new Runnable[1];
        self[0] = () -> {
            if (--left[0] >= inFlight) {
                e.schedule(d[left[0]], self[0]);
            }
        };
        for (int i = 0; i < inFlight; i++) {
            e.schedule(d[i], self[0]);
        }
        e.runUntilIdle();
        return e.executedEvents();
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long baselineChain() {
        Bare q = new Bare();
        long[] d = delays;
        int[] left = {EVENTS};
        Runnable[] self = new Runnable[1];
        self[0] = () -> {
            if (--left[0] >= inFlight) {
                q.at(q.now + d[left[0]], self[0]);
            }
        };
        for (int i = 0; i < inFlight; i++) {
            q.at(d[i], self[0]);
        }
        return q.run();
    }

    /** The baseline: the smallest correct event loop (time, then FIFO sequence), no API checks. */
    static final class Bare {
        record Ev(long time, long seq, Runnable action) implements Comparable<Ev> {
            @Override
            public int compareTo(Ev o) {
                int c = Long.compare(time, o.time);
                return c != 0 ? c : Long.compare(seq, o.seq);
            }
        }

        final PriorityQueue<Ev> queue = new PriorityQueue<>();
        long now;
        long seq;

        void at(long time, Runnable action) {
            queue.add(new Ev(time, seq++, action));
        }

        long run() {
            long n = 0;
            Ev e;
            while ((e = queue.poll()) != null) {
                now = e.time;
                n++;
                e.action.run();
            }
            return n;
        }
    }
}
