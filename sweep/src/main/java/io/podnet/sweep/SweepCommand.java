package io.podnet.sweep;

import io.podnet.cli.ExitCodes;
import io.podnet.cli.Progress;
import io.podnet.cli.UserError;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.ScenarioException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code podnet sweep SWEEP.yaml}: a grid of scenario variants on Apache Spark. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run the cross product of a sweep file's grid (CNI designs, seeds, kube-proxy modes, node"
                + " counts, cost profiles, any scenario field) as Apache Spark tasks, embedded local[N] by default.",
                "Writes one row per cell as Parquet and CSV, a summary per group (Spark SQL), an HTML page with"
                        + " charts, and checks the sweep's statistical expectations."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every cell ran and every expectation holds (a failed cell is a row with its error)",
                "1:an expectation of the sweep failed",
                "2:bad input: the sweep file, its scenario, an option",
                "3:could not do the job (Spark could not start, an output could not be written)"})
final class SweepCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SWEEP.yaml", description = "The sweep file (kind: Sweep).")
    Path file;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "sweep-out",
            description = "Directory for cells.parquet/, cells.csv/, summary.csv/, sweep.html (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: spark://HOST:PORT, k8s://..., local-cluster[N,CORES,MB] (default: local[N]).")
    String master;

    @Option(names = "--parallelism", paramLabel = "N",
            description = "Cells run at once in local mode (default: the machine's processors).")
    Integer parallelism;

    @Option(names = "--verbose", description = "Show Spark's own log (INFO) on standard error.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outw = spec.commandLine().getOut();
        int par = parallelism == null ? Runtime.getRuntime().availableProcessors() : parallelism;
        if (par < 1 || par > 4096) {
            throw new UserError("--parallelism must be from 1 to 4096, was " + par);
        }
        if (master != null && !master.matches("(spark|k8s|yarn|mesos)://\\S+|local(\\[[0-9*]+(,[0-9]+)?\\])?"
                + "|local-cluster\\[[0-9]+,[0-9]+,[0-9]+\\]|yarn")) {
            throw new UserError("--master '" + master + "' is not a Spark master URL; expected spark://HOST:PORT,"
                    + " k8s://https://HOST:PORT, yarn, local[N] or local-cluster[EXECUTORS,CORES,MEMORY_MB]");
        }
        SweepSpec sw;
        String text;
        try {
            sw = SweepLoader.load(file);
            text = Files.readString(sw.scenario(), StandardCharsets.UTF_8);
            io.podnet.scenarios.Podnet.load(sw.scenario());
        } catch (ScenarioException e) {
            for (Diagnostic d : e.diagnostics()) {
                err.println(d.render());
            }
            err.println(e.errors().size() + " error" + (e.errors().size() == 1 ? "" : "s"));
            err.flush();
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            throw new UserError("cannot read the scenario: " + e.getMessage());
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserError("--out " + out + " exists and is not a directory");
        }
        List<Cell> cells = Cell.grid(sw.axes());
        CellRunner runner = new CellRunner(text, sw.scenario().toString(),
                sw.scenario().toAbsolutePath().getParent().toString());
        SparkSweep.Result r;
        try (Progress bar = Progress.open("cells", cells.size(), "cells")) {
            r = SparkSweep.run(sw, runner, cells, new SparkSweep.Options(master, par, verbose, out.toAbsolutePath()),
                    bar::stepBy);
        } catch (IOException | RuntimeException e) {
            err.println("podnet sweep: could not run the sweep: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            err.flush();
            return ExitCodes.INTERNAL_ERROR;
        }
        List<SweepChecks.Verdict> verdicts = SweepChecks.check(sw.expectations(), r.cells());
        try {
            SweepReport.writeHtml(out.resolve("sweep.html"), sw, r, verdicts);
        } catch (IOException e) {
            err.println("podnet sweep: cannot write " + out.resolve("sweep.html") + ": " + e.getMessage());
            return ExitCodes.INTERNAL_ERROR;
        }
        outw.print(SweepReport.text(sw, r, verdicts, out));
        outw.flush();
        return verdicts.stream().allMatch(SweepChecks.Verdict::holds) ? ExitCodes.OK : ExitCodes.EXPECTATION_FAILED;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
