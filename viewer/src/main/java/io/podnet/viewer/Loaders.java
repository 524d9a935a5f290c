package io.podnet.viewer;

import io.podnet.viewer.load.ScenarioLoadException;
import io.podnet.viewer.load.ScenarioLoader;

/** The loaders the command uses. */
final class Loaders {
    private Loaders() {}

    /** Runs a scenario file with the scenarios module's runner. */
    static ScenarioLoader scenarioRunner() {
        return file -> {
            throw new ScenarioLoadException("podnet view: cannot run " + file + ": the scenario runner is not in this build yet");
        };
    }
}
