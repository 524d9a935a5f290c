package io.podnet.scenarios.run;

import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.ScenarioException;

/** Runs a scenario: cluster build, rendering, the simulated network, traffic, the engine. */
public final class ScenarioRunner {
    private ScenarioRunner() {}

    public static RunResult run(Scenario s) throws ScenarioException {
        throw new ScenarioException(Diagnostic.error(s.location(), "running scenarios is not wired yet"));
    }
}
