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
    private final String kubeProxy;

    /** Runs under the file's kube-proxy mode. */
    public RunnerLoader() {
        this(null);
    }

    /** Runs under {@code kubeProxy} (one of {@link Podnet#kubeProxyModes()}), or the file's when null. */
    public RunnerLoader(String kubeProxy) {
        this.kubeProxy = kubeProxy;
    }

    @Override
    public ViewModel load(Path file) throws ScenarioLoadException {
        try {
            LoadedScenario s = Podnet.withKubeProxy(Podnet.load(file), kubeProxy);
            RunResult r = Podnet.run(s, null);
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
