package io.podnet.scenarios;

import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.source.Diagnostic;
import java.util.List;

/** A scenario that loaded without errors, with the warnings found while loading it. */
public record LoadedScenario(Scenario scenario, List<Diagnostic> warnings) {
    public LoadedScenario {
        warnings = List.copyOf(warnings);
    }
}
