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

    @CommandLine.Option(names = "--allow-include-outside", description = "Let resources include files outside"
            + " the scenario's directory tree (refused by default).")
    boolean allowIncludeOutside;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** How many diagnostics are printed at most; the rest are counted. */
    static final int MAX_PRINTED = Integer.getInteger("podnet.limit.printedErrors", 100);

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        LoadedScenario loaded = load(file, err, allowIncludeOutside);
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
        return load(file, err, false);
    }

    static LoadedScenario load(Path file, PrintWriter err, boolean allowIncludeOutside) {
        try {
            LoadedScenario loaded = Podnet.load(file, io.podnet.scenarios.load.Limits.fromSystemProperties()
                    .withIncludeOutside(allowIncludeOutside || Boolean.getBoolean("podnet.allowIncludeOutside")));
            print(loaded.warnings(), err);
            err.flush();
            return loaded;
        } catch (ScenarioException e) {
            print(e.diagnostics(), err);
            int n = e.errors().size();
            err.println(n + " error" + (n == 1 ? "" : "s"));
            err.flush();
            return null;
        }
    }

    /** Prints at most {@link #MAX_PRINTED} diagnostics, then says how many more there are. */
    static void print(java.util.List<Diagnostic> ds, PrintWriter err) {
        int shown = Math.min(ds.size(), Math.max(1, MAX_PRINTED));
        for (int i = 0; i < shown; i++) {
            err.println(ds.get(i).render());
        }
        if (ds.size() > shown) {
            err.println("... and " + (ds.size() - shown) + " more (the first " + shown + " are shown; print more with"
                    + " -Dpodnet.limit.printedErrors=N in JAVA_OPTS)");
        }
    }
}
