package io.podnet.reports.cli;

import io.podnet.cli.AtomicFiles;
import io.podnet.cli.ExitCodes;
import io.podnet.cli.UserError;
import io.podnet.reports.junit.JunitXml;
import io.podnet.reports.run.HtmlReport;
import io.podnet.reports.run.JsonReport;
import io.podnet.reports.run.MarkdownReport;
import io.podnet.reports.run.RunReport;
import io.podnet.reports.run.RunReports;
import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.expect.ExpectationFailure;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.ScenarioException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code podnet report FILE}: runs a scenario and writes a readable report (Markdown, HTML, JSON) and/or
 * JUnit XML of its expectations, exiting as {@code podnet run} does.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Run a scenario and write a report: the scenario, a cluster summary, every flow (outcome,"
                + " path, latency, encapsulation, the kube-proxy rules that fired) and every expectation.",
                "--format junit (or --junit FILE beside another format) writes JUnit XML for CI: one testcase per"
                        + " expectation, a failure with expected and actual for each field that did not hold."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every expectation holds", "1:an expectation failed",
                "2:bad input (the message gives file:line:column) or an output that cannot be written",
                "3:internal error (a bug)"})
final class ReportCommand implements Callable<Integer> {
    /** Report formats. */
    enum Format { md, html, json, junit }

    @Parameters(index = "0", paramLabel = "FILE", description = "The scenario file (YAML or JSON).")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "md",
            description = "md, html, json or junit (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report to FILE (atomically) instead of"
            + " standard output.")
    Path out;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write JUnit XML of the expectations to FILE"
            + " (also when the scenario is invalid: one testcase with the errors).")
    Path junit;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for every random choice (default: the file's,"
            + " else 1).")
    Long seed;

    @Option(names = "--cni", paramLabel = "DESIGN", description = "Run under another CNI design"
            + " (flannel-vxlan, flannel-host-gw, ...) instead of the file's.")
    String cni;

    @Option(names = "--profile", paramLabel = "FILE", description = io.podnet.cli.ProfileOption.HELP)
    String profile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        PrintWriter err = cl.getErr();
        if (cni != null && !Podnet.designs().contains(cni)) {
            throw new UserError("unknown CNI design '" + cni + "' in --cni; accepted: "
                    + String.join(", ", Podnet.designs()));
        }
        io.podnet.sim.cost.CostProfile costs = io.podnet.cli.ProfileOption.resolve(profile);
        String name = file.toString();
        LoadedScenario loaded;
        try {
            loaded = Podnet.load(file);
            loaded.warnings().forEach(w -> err.println(w.render()));
        } catch (ScenarioException e) {
            Loading.print(e, err);
            writeJunitError(name, e.diagnostics());
            return ExitCodes.BAD_INPUT;
        }
        RunResult r;
        try {
            r = Podnet.run(loaded, seed, cni, costs);
        } catch (ScenarioException e) {
            Loading.print(e, err);
            writeJunitError(name, e.diagnostics());
            return ExitCodes.BAD_INPUT;
        }
        List<ExpectationFailure> failures = Podnet.check(r);
        String text;
        if (format == Format.junit) {
            text = JunitXml.of(r, failures, name);
        } else {
            RunReport report = RunReports.of(r, failures, name);
            text = format == Format.html ? HtmlReport.render(report)
                    : format == Format.json ? JsonReport.render(report) : MarkdownReport.render(report);
        }
        if (out != null) {
            write(out, text);
        } else {
            cl.getOut().print(text);
            cl.getOut().flush();
        }
        if (junit != null) {
            write(junit, JunitXml.of(r, failures, name));
        }
        for (ExpectationFailure f : failures) {
            err.println(f.render());
        }
        int total = r.scenario().expectations().size();
        if (total > 0) {
            long failed = failures.stream().map(f -> f.expectation().index()).distinct().count();
            err.println("expectations: " + (total - failed) + " of " + total + " hold");
        }
        err.flush();
        return failures.isEmpty() ? ExitCodes.OK : ExitCodes.EXPECTATION_FAILED;
    }

    private void writeJunitError(String name, List<Diagnostic> diagnostics) {
        Path target = junit != null ? junit : format == Format.junit ? out : null;
        if (target != null) {
            String suite = file.getFileName() == null ? name : file.getFileName().toString();
            write(target, JunitXml.ofError(name, suite, diagnostics));
        }
    }

    private static void write(Path target, String text) {
        try {
            AtomicFiles.write(target, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UserError("cannot write " + target + ": " + e.getMessage());
        }
    }
}
