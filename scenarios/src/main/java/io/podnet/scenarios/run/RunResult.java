package io.podnet.scenarios.run;

import io.podnet.scenarios.model.Scenario;
import io.podnet.sim.config.NetworkConfig;
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
 * @param trace        every trace event in run order
 * @param flows        one result per attempt of each traffic item, in traffic order
 * @param endNanos     the simulated time when the run ended
 */
public record RunResult(String scenarioName, long seed, Scenario scenario, NetworkConfig network, Cluster cluster,
                        List<TraceEvent> trace, List<FlowResult> flows, long endNanos) {
    public RunResult {
        trace = List.copyOf(trace);
        flows = List.copyOf(flows);
    }

    /** The attempts of one traffic item. */
    public List<FlowResult> flowsOf(String traffic) {
        return flows.stream().filter(f -> f.traffic().equals(traffic)).toList();
    }
}
