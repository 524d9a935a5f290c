package io.podnet.viewer.load;

import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.viewer.model.ViewModel;
import io.podnet.scenarios.run.RunObservation;
import io.podnet.scenarios.run.ScenarioRunner;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.trace.file.TraceFileException;
import io.podnet.sim.trace.file.TraceFileList;
import io.podnet.sim.trace.file.TraceFileReader;
import io.podnet.sim.trace.file.TraceFileWriter;
import io.podnet.sim.trace.file.TraceRun;
import io.podnet.cli.TraceRuns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a scenario with {@link Podnet#load}, runs it with {@link Podnet#run} and views the run. The
 * run's trace streams to a trace file ({@code io.podnet.sim.trace.file}) and the view reads it
 * from there, a few events at a time ({@link TraceFileList}); a temporary file unless
 * {@link #savingTrace} names one. {@link #readingTrace} views a trace file written earlier.
 */
public final class RunnerLoader implements ScenarioLoader {
    private final io.podnet.sim.cost.CostProfile profile;
    private final String kubeProxy;

    /** Runs under the shipped default cost profile and the file's kube-proxy mode. */
    public RunnerLoader() {
        this(io.podnet.sim.cost.CostProfile.defaults(), null);
    }

    /** Runs under {@code profile} ({@code --profile}). */
    public RunnerLoader(io.podnet.sim.cost.CostProfile profile) {
        this(profile, null);
    }

    /** Runs under {@code kubeProxy} (one of {@link Podnet#kubeProxyModes()}), or the file's when null. */
    public RunnerLoader(String kubeProxy) {
        this(io.podnet.sim.cost.CostProfile.defaults(), kubeProxy);
    }

    /** Runs under {@code profile} and {@code kubeProxy} (the file's mode when null). */
    public RunnerLoader(io.podnet.sim.cost.CostProfile profile, String kubeProxy) {
        this.profile = profile;
        this.kubeProxy = kubeProxy;
    }

    /** The file's {@code challenges:} list, checked against its traffic items. */
    private static List<io.podnet.viewer.model.ChallengePoint> challenges(Path file, LoadedScenario s)
            throws ScenarioException, ScenarioLoadException {
        byte[] bytes;
        try {
            bytes = java.nio.file.Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new ScenarioLoadException(file + ": cannot read: " + e.getMessage(), e);
        }
        java.util.Set<String> names = new java.util.TreeSet<>();
        s.scenario().traffic().forEach(t -> names.add(t.name()));
        io.podnet.scenarios.source.Diagnostics diags = new io.podnet.scenarios.source.Diagnostics();
        List<io.podnet.viewer.model.ChallengePoint> points = ChallengeReader.read(bytes, file.toString(), names, diags);
        diags.throwIfErrors(); // load renders them, one line each, as the scenario's own
        return points;
    }

    /**
     * This loader, keeping the run's trace file at {@code file} (written anew each load) instead of a
     * temporary file; {@code podnet view --trace FILE} can view it again without running.
     */
    public RunnerLoader savingTrace(Path file) {
        RunnerLoader l = copy();
        l.saveTrace = file;
        l.readTrace = null;
        return l;
    }

    /**
     * This loader, viewing the trace file {@code file} written earlier (by {@link #savingTrace} or
     * {@code podnet run --trace podnet}) instead of running: the scenario file gives the drawing (its
     * rendered network) and the challenge points, the trace file the events.
     */
    public RunnerLoader readingTrace(Path file) {
        RunnerLoader l = copy();
        l.readTrace = file;
        l.saveTrace = null;
        return l;
    }

    /** Where temporary trace files go (tests); null: the system's temporary directory. */
    RunnerLoader spoolingIn(Path dir) {
        RunnerLoader l = copy();
        l.spoolDir = dir;
        return l;
    }

    /**
     * This loader, running with seed {@code seed} ({@code --seed}) and CNI design {@code cni}
     * ({@code --cni}, one of {@link Podnet#designs()}) instead of the file's; null keeps the file's.
     */
    public RunnerLoader withOverrides(Long seed, String cni) {
        RunnerLoader l = copy();
        l.seed = seed;
        l.cni = cni;
        return l;
    }

    private RunnerLoader copy() {
        RunnerLoader l = new RunnerLoader(profile, kubeProxy);
        l.seed = seed;
        l.cni = cni;
        l.saveTrace = saveTrace;
        l.readTrace = readTrace;
        l.spoolDir = spoolDir;
        return l;
    }

    private Long seed;
    private String cni;
    private Path saveTrace;
    private Path readTrace;
    private Path spoolDir;

    /** Events the viewer keeps in memory from a trace file at most (the rest is read when shown). */
    public static final int CACHED_EVENTS = 4096;

    @Override
    public ViewModel load(Path file) throws ScenarioLoadException {
        try {
            LoadedScenario s = Podnet.withKubeProxy(Podnet.load(file), kubeProxy);
            ViewModel m = readTrace != null ? fromTraceFile(s) : run(s);
            return m.withChallenges(challenges(file, s));
        } catch (IllegalArgumentException e) {
            throw new ScenarioLoadException("podnet view: " + e.getMessage(), e); // an unknown --cni
        } catch (ScenarioException e) {
            List<String> lines = new ArrayList<>();
            for (Diagnostic d : e.diagnostics()) {
                lines.add(d.render());
            }
            throw new ScenarioLoadException(lines.isEmpty() ? e.getMessage() : String.join("\n", lines), e);
        }
    }

    /**
     * Runs the scenario, streaming its trace to a trace file, and views the run from that file. A
     * temporary file is deleted as soon as it is open for reading (the open file stays readable;
     * nothing is left behind, even when the viewer is killed), and marked to be deleted at exit
     * before that (an interrupted run).
     */
    private ViewModel run(LoadedScenario s) throws ScenarioException, ScenarioLoadException {
        io.podnet.scenarios.model.Scenario sc = Podnet.scenario(s, seed, cni, null);
        String header;
        try {
            // the header names the run as podnet run --trace podnet's does; --trace compares it
            header = TraceRuns.of(sc, profile).metadata();
        } catch (IOException e) {
            throw new ScenarioLoadException(s.scenario().file() + ": cannot read: " + e.getMessage(), e);
        }
        boolean temporary = saveTrace == null;
        Path out;
        try {
            out = temporary ? (spoolDir == null ? Files.createTempFile("podnet-view-", ".ptrace")
                    : Files.createTempFile(spoolDir, "podnet-view-", ".ptrace")) : saveTrace;
        } catch (IOException e) {
            throw new ScenarioLoadException("cannot create a temporary trace file: " + e.getMessage(), e);
        }
        if (temporary) {
            out.toFile().deleteOnExit();
            out.resolveSibling(out.getFileName() + ".index-part").toFile().deleteOnExit();
        }
        TraceFileWriter w;
        try {
            w = new TraceFileWriter(out, header);
        } catch (IOException e) {
            throw new ScenarioLoadException(out + ": cannot write the trace: " + e.getMessage(), e);
        }
        RunResult r;
        try {
            r = ScenarioRunner.run(sc, profile, RunObservation.streaming(w));
            w.close();
        } catch (IOException | UncheckedIOException e) {
            w.abandon();
            Throwable c = e instanceof UncheckedIOException u ? u.getCause() : e;
            throw new ScenarioLoadException(out + ": cannot write the trace: " + c.getMessage(), e);
        } catch (ScenarioException | RuntimeException | Error e) {
            w.abandon();
            throw e;
        }
        TraceFileReader reader;
        try {
            reader = TraceFileReader.open(out);
        } catch (TraceFileException e) {
            throw new ScenarioLoadException(e.getMessage(), e);
        } finally {
            if (temporary) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // deleted at exit instead
                }
            }
        }
        return ViewModel.of(r.scenarioName(), r.scenario().description(), r.network(),
                new TraceFileList(reader, CACHED_EVENTS));
    }

    /**
     * Views {@link #readTrace} over the scenario's rendered network, without running. The trace's
     * header must name this run: the scenario (its name and the digest of its files), seed, CNI,
     * kube-proxy mode, cost profile and podnet version; otherwise the trace would be drawn on
     * another network, and it is refused with a message naming each difference and the options
     * that would match.
     */
    private ViewModel fromTraceFile(LoadedScenario s) throws ScenarioException, ScenarioLoadException {
        io.podnet.scenarios.model.Scenario sc = Podnet.scenario(s, seed, cni, null);
        TraceFileReader reader;
        try {
            reader = TraceFileReader.open(readTrace);
        } catch (TraceFileException e) {
            throw new ScenarioLoadException(e.getMessage(), e);
        }
        String refused;
        try {
            TraceRun expected;
            try {
                expected = TraceRuns.of(sc, profile);
            } catch (IOException e) {
                throw new ScenarioLoadException(sc.file() + ": cannot read: " + e.getMessage(), e);
            }
            refused = TraceRuns.mismatch(readTrace, sc.file(), reader.run(), expected);
        } catch (TraceFileException e) {
            refused = e.getMessage();
        } catch (ScenarioLoadException e) {
            closeQuietly(reader);
            throw e;
        }
        if (refused != null) {
            closeQuietly(reader);
            throw new ScenarioLoadException(refused, null);
        }
        NetworkConfig network;
        try {
            network = ScenarioRunner.network(sc);
        } catch (ScenarioException | RuntimeException e) {
            closeQuietly(reader);
            throw e;
        }
        return ViewModel.of(sc.name(), sc.description(), network, new TraceFileList(reader, CACHED_EVENTS));
    }

    private static void closeQuietly(TraceFileReader reader) {
        try {
            reader.close();
        } catch (IOException ignored) {
            // refused anyway
        }
    }
}
