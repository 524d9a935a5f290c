/**
 * What the viewer shows, independent of JavaFX: the {@link io.podnet.viewer.model.ViewModel} input
 * (a rendered {@link io.podnet.sim.config.NetworkConfig} and the run's trace), the topology grouped
 * by node ({@link io.podnet.viewer.model.Topology}), the packets' paths through the trace
 * ({@link io.podnet.viewer.model.TraceIndex}), header stacks with the fields a hop changed
 * ({@link io.podnet.viewer.model.HeaderStack}) and the rule/route/FDB lines a decision points at
 * ({@link io.podnet.viewer.model.DecisionDetail}). Stepping follows the traffic's packets by
 * default ({@link io.podnet.viewer.model.TraceIndex#steps(boolean)}: no ARP, neighbour resolution,
 * chain jumps or notes), or every event.
 *
 * <p>Contract: the viewer is a consumer of the trace. Nothing here simulates: every position,
 * change and highlight is derived from the recorded events and the rendered configuration.
 * Everything is deterministic (lists in input order, no hash order).
 */
package io.podnet.viewer.model;
