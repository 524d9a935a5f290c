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

    /** The kube-proxy modes {@code --kube-proxy} accepts. */
    public static final List<String> KUBE_PROXY_MODES = List.of("iptables", "nftables");

    /**
     * As {@link #run(LoadedScenario, Long, String)}, also under another kube-proxy mode:
     * {@code kubeProxyOverride} (one of {@link #KUBE_PROXY_MODES}, or null to keep the file's
     * {@code cluster.kubeProxy.mode}), as {@code podnet run --kube-proxy MODE} does.
     */
    public static RunResult run(LoadedScenario loaded, Long seedOverride, String cniOverride, String kubeProxyOverride)
            throws ScenarioException {
        return ScenarioRunner.run(scenario(loaded, seedOverride, cniOverride, kubeProxyOverride));
    }

    /** The loaded scenario with the command line's overrides applied (each may be null). */
    public static Scenario scenario(LoadedScenario loaded, Long seedOverride, String cniOverride, String kubeProxyOverride)
            throws ScenarioException {
        Scenario s = seedOverride == null ? loaded.scenario() : loaded.scenario().withSeed(seedOverride);
        if (cniOverride != null) {
            if (!designs().contains(cniOverride)) {
                throw new IllegalArgumentException("unknown CNI design '" + cniOverride + "'; expected one of: "
                        + String.join(", ", designs()));
            }
            s = io.podnet.scenarios.load.CniDesigns.withDesign(s, cniOverride);
        }
        if (kubeProxyOverride != null) {
            if (!KUBE_PROXY_MODES.contains(kubeProxyOverride)) {
                throw new IllegalArgumentException("unknown kube-proxy mode '" + kubeProxyOverride + "'; expected one of: "
                        + String.join(", ", KUBE_PROXY_MODES));
            }
            s = s.withKubeProxy(kubeProxyOverride);
        }
        return s;
    }

    /**
     * What node {@code node} holds for the scenario: kube-proxy's and the CNI's rules as
     * {@code iptables-save} prints them ({@code table}: only that table, e.g. {@code nat}), then,
     * in nftables mode, kube-proxy's table as {@code nft list ruleset} lays it out. Null when the
     * cluster has no such node.
     */
    public static String nodeRules(Scenario s, String node, String table) throws ScenarioException {
        return io.podnet.scenarios.run.NodeRules.of(s, node, table);
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
