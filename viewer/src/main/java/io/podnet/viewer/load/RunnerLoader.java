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
    private final String kubeProxy;

    /** Runs under the shipped default cost profile and the file's kube-proxy mode. */
    public RunnerLoader() {
        this(io.podnet.sim.cost.CostProfile.defaults(), null);
    }

    /** Runs under {@code profile} ({@code --profile}). */
    public RunnerLoader(io.podnet.sim.cost.CostProfile profile) {
        this(profile, null);
    }

    /** Runs under {@code kubeProxy} (one of {@link Podnet#kubeProxyModes()}), or the file's when null. */
    public RunnerLoader(String kubeProxy) {
        this(io.podnet.sim.cost.CostProfile.defaults(), kubeProxy);
    }

    /** Runs under {@code profile} and {@code kubeProxy} (the file's mode when null). */
    public RunnerLoader(io.podnet.sim.cost.CostProfile profile, String kubeProxy) {
        this.profile = profile;
        this.kubeProxy = kubeProxy;
    }

    /** The file's {@code challenges:} list, checked against its traffic items. */
    private static List<io.podnet.viewer.model.ChallengePoint> challenges(Path file, LoadedScenario s)
            throws ScenarioLoadException {
        byte[] bytes;
        try {
            bytes = java.nio.file.Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new ScenarioLoadException(file + ": cannot read: " + e.getMessage(), e);
        }
        java.util.Set<String> names = new java.util.TreeSet<>();
        s.scenario().traffic().forEach(t -> names.add(t.name()));
        io.podnet.scenarios.source.Diagnostics diags = new io.podnet.scenarios.source.Diagnostics();
        List<io.podnet.viewer.model.ChallengePoint> points = ChallengeReader.read(bytes, file.toString(), names, diags);
        if (diags.hasErrors()) {
            List<String> lines = new ArrayList<>();
            for (Diagnostic d : diags.sorted()) {
                lines.add(d.render());
            }
            throw new ScenarioLoadException(String.join("\n", lines), null);
        }
        return points;
    }

    @Override
    public ViewModel load(Path file) throws ScenarioLoadException {
        try {
            LoadedScenario s = Podnet.withKubeProxy(Podnet.load(file), kubeProxy);
            RunResult r = Podnet.run(s, null, null, profile);
            ViewModel m = ViewModel.of(r.scenarioName(), r.scenario().description(), r.network(), r.trace());
            return m.withChallenges(challenges(file, s));
        } catch (ScenarioException e) {
            List<String> lines = new ArrayList<>();
            for (Diagnostic d : e.diagnostics()) {
                lines.add(d.render());
            }
            throw new ScenarioLoadException(lines.isEmpty() ? e.getMessage() : String.join("\n", lines), e);
        }
    }
}
