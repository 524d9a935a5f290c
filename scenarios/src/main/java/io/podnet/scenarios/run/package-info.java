/**
 * Running a scenario: {@link io.podnet.scenarios.run.ScenarioRunner} builds the cluster
 * (topology), realises its rendered configuration in the simulator (sim-core's
 * {@code AssembledNetwork}), starts {@code io.podnet.sim.socket.app} servers and clients for the
 * traffic items, applies {@code cluster.mtu} overrides, plays the timed
 * {@code events} ({@code EventPlayer}: data-plane change at {@code at}, endpoint view and every node's
 * iptables text re-rendered and reloaded at {@code at + after}), runs the engine and returns a
 * {@link io.podnet.scenarios.run.RunResult}; {@link io.podnet.scenarios.run.TraceAnalysis}, a trace listener fed
 * while the run goes, keeps the per-flow facts (encapsulation, path, serving pod, drops); the trace
 * itself is kept only when the caller asks ({@link io.podnet.scenarios.run.RunObservation}).
 * Deterministic: the same scenario and seed give the same result and trace.
 */
package io.podnet.scenarios.run;
