package io.podnet.cli;

import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.ScenarioException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code podnet validate FILE}: checks a scenario without running it. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a scenario file without running it: every problem is printed as file:line:column.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the scenario is valid (warnings may be printed)", "2:the scenario has errors"})
final class ValidateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The scenario file (YAML or JSON).")
    Path file;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        LoadedScenario loaded = load(file, err);
        if (loaded == null) {
            return ExitCodes.BAD_INPUT;
        }
        Scenario s = loaded.scenario();
        out.println(file + ": valid scenario " + s.name() + " (" + s.cluster().nodes().size() + " nodes, "
                + s.resources().size() + " resources, " + s.traffic().size() + " traffic items, "
                + s.expectations().size() + " expectations)");
        out.flush();
        return ExitCodes.OK;
    }

    /** Loads and prints diagnostics; null when the scenario has errors. */
    static LoadedScenario load(Path file, PrintWriter err) {
        try {
            LoadedScenario loaded = Podnet.load(file);
            loaded.warnings().forEach(w -> err.println(w.render()));
            err.flush();
            return loaded;
        } catch (ScenarioException e) {
            for (Diagnostic d : e.diagnostics()) {
                err.println(d.render());
            }
            int n = e.errors().size();
            err.println(n + " error" + (n == 1 ? "" : "s"));
            err.flush();
            return null;
        }
    }
}
