package io.podnet.dataplane.calibrate;

import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.sim.cost.CostProfile;

/** The one place calibrate asks the simulator for a run under a cost profile. */
final class SimulatorBridge {
    private SimulatorBridge() {}

    static RunResult run(LoadedScenario s, CostProfile profile) throws ScenarioException {
        return Podnet.run(s, null, null, profile);
    }
}
