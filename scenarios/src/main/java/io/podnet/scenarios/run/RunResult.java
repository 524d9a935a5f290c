package io.podnet.scenarios.run;

import io.podnet.scenarios.model.Scenario;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.cost.CostProfile;
import io.podnet.sim.cost.CpuUsage;
import io.podnet.sim.cost.StepLedger;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.topology.model.Cluster;
import java.util.List;

/**
 * Everything a run produced, for the CLI, the viewer, reports and the dataplane check.
 *
 * @param scenarioName the scenario's metadata.name
 * @param seed         the seed the run used
 * @param scenario     the validated scenario that was run
 * @param network      the rendered node configuration the simulator realised
 * @param cluster      the built cluster (nodes, pods, Services with endpoints)
 * @param trace        every trace event in run order when the run recorded them
 *                     ({@link RunObservation#record()}), else null: read it with {@link #trace()}
 * @param flows        one result per attempt of each traffic item, in traffic order
 * @param endNanos     the simulated time when the run ended
 * @param ruleReloads  every node ruleset reloaded by a scenario event, in the order they happened
 * @param originNanos  where scenario time 0 lies on the trace's clock (after a BGP control plane
 *                     converged; 0 otherwise): trace time = originNanos + scenario time
 * @param profile      the cost profile the run used ({@code CostProfile.wireOnly()} for wire time only)
 * @param cpuUsage     where the CPU time went: per node, per CPU busy time and per step cost
 * @param traceEvents  how many trace events the run produced (recorded or not)
 */
public record RunResult(String scenarioName, long seed, Scenario scenario, NetworkConfig network, Cluster cluster,
                        List<TraceEvent> trace, List<FlowResult> flows, long endNanos, List<RuleReload> ruleReloads,
                        long originNanos, CostProfile profile, CpuUsage cpuUsage, long traceEvents) {
    public RunResult {
        trace = trace == null ? null : List.copyOf(trace);
        flows = List.copyOf(flows);
        ruleReloads = List.copyOf(ruleReloads);
        profile = profile == null ? CostProfile.wireOnly() : profile;
        cpuUsage = cpuUsage == null ? CpuUsage.NONE : cpuUsage;
    }

    /** A run that recorded its whole trace. */
    public RunResult(String scenarioName, long seed, Scenario scenario, NetworkConfig network, Cluster cluster,
                     List<TraceEvent> trace, List<FlowResult> flows, long endNanos, List<RuleReload> ruleReloads,
                     long originNanos, CostProfile profile, CpuUsage cpuUsage) {
        this(scenarioName, seed, scenario, network, cluster, trace, flows, endNanos, ruleReloads, originNanos, profile,
                cpuUsage, trace.size());
    }

    /** A run without a CPU model (wire time only). */
    public RunResult(String scenarioName, long seed, Scenario scenario, NetworkConfig network, Cluster cluster,
                     List<TraceEvent> trace, List<FlowResult> flows, long endNanos, List<RuleReload> ruleReloads,
                     long originNanos) {
        this(scenarioName, seed, scenario, network, cluster, trace, flows, endNanos, ruleReloads, originNanos, null,
                null);
    }

    /** A run without rule reloads (no scenario events). */
    public RunResult(String scenarioName, long seed, Scenario scenario, NetworkConfig network, Cluster cluster,
                     List<TraceEvent> trace, List<FlowResult> flows, long endNanos) {
        this(scenarioName, seed, scenario, network, cluster, trace, flows, endNanos, List.of(), 0, null, null);
    }

    /** Whether the run kept its whole trace ({@link #trace()} may be read). */
    public boolean recorded() {
        return trace != null;
    }

    /**
     * Every trace event in run order.
     *
     * @throws IllegalStateException when the run streamed its trace without recording it
     *         ({@link RunObservation#record()} false): nothing holds it any more
     */
    @Override
    public List<TraceEvent> trace() {
        if (trace == null) {
            throw new IllegalStateException("run " + scenarioName + " streamed its " + traceEvents
                    + " trace events without recording them; run with RunObservation.RECORD to read them");
        }
        return trace;
    }

    /** The step ledger of every flow (attempt flow id), from the CPU charges in the recorded trace. */
    public java.util.Map<String, StepLedger> ledgers() {
        return StepLedger.byFlow(trace());
    }

    /** The attempts of one traffic item. */
    public List<FlowResult> flowsOf(String traffic) {
        return flows.stream().filter(f -> f.traffic().equals(traffic)).toList();
    }
}
