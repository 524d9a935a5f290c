/**
 * The scenarios module's entry point: {@link io.podnet.scenarios.Podnet#load} reads and validates a
 * scenario file, {@link io.podnet.scenarios.Podnet#run} simulates it and returns a
 * {@link io.podnet.scenarios.run.RunResult} (trace, per-flow results) that the CLI, the viewer,
 * reports and the dataplane check consume; {@link io.podnet.scenarios.Podnet#check} evaluates the
 * expectations. Bad input is a {@link io.podnet.scenarios.source.ScenarioException}, never a stack
 * trace.
 */
package io.podnet.scenarios;
