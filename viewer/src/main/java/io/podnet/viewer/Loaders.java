package io.podnet.viewer;

import io.podnet.viewer.load.RunnerLoader;
import io.podnet.viewer.load.ScenarioLoader;

/** The loaders the command uses. */
final class Loaders {
    private Loaders() {}

    /** Runs a scenario file with the scenarios module's runner. */
    static ScenarioLoader scenarioRunner() {
        return new RunnerLoader();
    }
}
