package io.podnet.viewer.load;

import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.viewer.model.ViewModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads a scenario with {@link Podnet#load}, runs it with {@link Podnet#run} and views the run. */
public final class RunnerLoader implements ScenarioLoader {
    private final io.podnet.sim.cost.CostProfile profile;

    /** Runs under the shipped default cost profile. */
    public RunnerLoader() {
        this(io.podnet.sim.cost.CostProfile.defaults());
    }

    /** Runs under {@code profile} ({@code --profile}). */
    public RunnerLoader(io.podnet.sim.cost.CostProfile profile) {
        this.profile = profile;
    }

    @Override
    public ViewModel load(Path file) throws ScenarioLoadException {
        try {
            LoadedScenario s = Podnet.load(file);
            RunResult r = Podnet.run(s, null, null, profile);
            return ViewModel.of(r.scenarioName(), r.scenario().description(), r.network(), r.trace());
        } catch (ScenarioException e) {
            List<String> lines = new ArrayList<>();
            for (Diagnostic d : e.diagnostics()) {
                lines.add(d.render());
            }
            throw new ScenarioLoadException(lines.isEmpty() ? e.getMessage() : String.join("\n", lines), e);
        }
    }
}
