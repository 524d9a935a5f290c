package io.podnet.scenarios.bench;

import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.source.ScenarioException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole replay of a scenario file: {@code loadAndRun} is {@link Podnet#load} + {@link Podnet#run}
 * (parse, validate, render the cluster, build the simulated network, run the traffic, record the
 * trace), score in replays per second; the auxiliary counter {@code traceEvents} is the same run's
 * trace events per second. Baseline: {@code loadOnly} (parse and validate the same file), so the
 * ratio loadAndRun/loadOnly says what simulation adds to reading the file. Paths are relative to the
 * repository root ({@code scripts/bench} runs from there).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReplayBench {
    @Param({"scenarios/examples/frontend-to-backend.yaml"})
    public String scenario;

    Path file;

    /** Trace events produced, reported by JMH as a rate (events per second). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Events {
        public long traceEvents;

        @Setup(Level.Iteration)
        public void reset() {
            traceEvents = 0;
        }
    }

    @Setup
    public void setup() {
        file = Path.of(scenario);
    }

    @Benchmark
    public RunResult loadAndRun(Events events) throws ScenarioException {
        RunResult r = Podnet.run(Podnet.load(file), null);
        events.traceEvents += r.trace().size();
        return r;
    }

    @Benchmark
    public LoadedScenario loadOnly() throws ScenarioException {
        return Podnet.load(file);
    }
}
