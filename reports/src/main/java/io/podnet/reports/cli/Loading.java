package io.podnet.reports.cli;

import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.ScenarioException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Loads a scenario for a command, printing its warnings or errors as {@code file:line:column} lines. */
final class Loading {
    private Loading() {}

    /** The loaded scenario, or null when it has errors (already printed). */
    static LoadedScenario load(Path file, PrintWriter err) {
        try {
            LoadedScenario loaded = Podnet.load(file);
            loaded.warnings().forEach(w -> err.println(w.render()));
            err.flush();
            return loaded;
        } catch (ScenarioException e) {
            print(e, err);
            int n = e.errors().size();
            err.println(n + " error" + (n == 1 ? "" : "s"));
            err.flush();
            return null;
        }
    }

    static void print(ScenarioException e, PrintWriter err) {
        for (Diagnostic d : e.diagnostics()) {
            err.println(d.render());
        }
        err.flush();
    }
}
