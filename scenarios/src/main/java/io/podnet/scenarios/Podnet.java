package io.podnet.scenarios;

import io.podnet.scenarios.expect.ExpectationChecker;
import io.podnet.scenarios.expect.ExpectationFailure;
import io.podnet.scenarios.load.ScenarioLoader;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.run.ScenarioRunner;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.ScenarioException;
import java.nio.file.Path;
import java.util.List;

/**
 * The facade other modules and the CLI use:
 * <pre>
 *   LoadedScenario s = Podnet.load(Path.of("scenario.yaml"));   // ScenarioException: file:line:col errors
 *   RunResult r = Podnet.run(s, null);                           // null: the file's seed (default 1)
 *   List&lt;ExpectationFailure&gt; failed = Podnet.check(r);        // empty: every expectation holds
 * </pre>
 */
public final class Podnet {
    private Podnet() {}

    /** Reads and validates a scenario file; every problem is in the exception's diagnostics. */
    public static LoadedScenario load(Path file) throws ScenarioException {
        Diagnostics diags = new Diagnostics();
        Scenario s = ScenarioLoader.load(file, diags);
        return new LoadedScenario(s, diags.warnings());
    }

    /**
     * Simulates a loaded scenario. {@code seedOverride} replaces the file's seed when not null.
     * Problems only the cluster build can find (IPAM exhaustion...) are thrown as diagnostics at
     * the offending field.
     */
    public static RunResult run(LoadedScenario loaded, Long seedOverride) throws ScenarioException {
        Scenario s = seedOverride == null ? loaded.scenario() : loaded.scenario().withSeed(seedOverride);
        return ScenarioRunner.run(s);
    }

    /**
     * Simulates a loaded scenario under another CNI design: {@code cniOverride} (one of
     * {@link #designs()}, or null to keep the file's) replaces the scenario's {@code cluster.cni} with
     * that design's defaults (keeping a Flannel pod network for Flannel and GENEVE designs, so pods
     * keep their addresses), as {@code podnet run --cni NAME} does. Calico resources among the
     * scenario's resources apply only under a Calico design and are left out under the others.
     *
     * @throws IllegalArgumentException for a name that is not a design (the message lists them)
     */
    public static RunResult run(LoadedScenario loaded, Long seedOverride, String cniOverride) throws ScenarioException {
        Scenario s = seedOverride == null ? loaded.scenario() : loaded.scenario().withSeed(seedOverride);
        if (cniOverride != null) {
            if (!designs().contains(cniOverride)) {
                throw new IllegalArgumentException("unknown CNI design '" + cniOverride + "'; expected one of: "
                        + String.join(", ", designs()));
            }
            s = io.podnet.scenarios.load.CniDesigns.withDesign(s, cniOverride);
        }
        return ScenarioRunner.run(s);
    }

    /**
     * Simulates under a cost profile ({@code CostProfile.defaults()} is what the other overloads use;
     * {@code CostProfile.wireOnly()} gives wire time only). {@code cniOverride} as in
     * {@link #run(LoadedScenario, Long, String)}.
     */
    public static RunResult run(LoadedScenario loaded, Long seedOverride, String cniOverride,
                                io.podnet.sim.cost.CostProfile profile) throws ScenarioException {
        Scenario s = seedOverride == null ? loaded.scenario() : loaded.scenario().withSeed(seedOverride);
        if (cniOverride != null) {
            if (!designs().contains(cniOverride)) {
                throw new IllegalArgumentException("unknown CNI design '" + cniOverride + "'; expected one of: "
                        + String.join(", ", designs()));
            }
            s = io.podnet.scenarios.load.CniDesigns.withDesign(s, cniOverride);
        }
        return ScenarioRunner.run(s, profile);
    }

    /** The plain CNI design names {@code --cni} accepts. */
    public static List<String> designs() {
        return io.podnet.scenarios.model.CniSpec.DESIGNS;
    }

    /** The expectations of the run's scenario that failed (empty when all hold). */
    public static List<ExpectationFailure> check(RunResult result) {
        return ExpectationChecker.check(result);
    }
}
