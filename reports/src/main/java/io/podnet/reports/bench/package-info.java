/**
 * {@code podnet bench [--json] [--quick]}: whole-program measurements with their baselines run in
 * the same JVM. {@link io.podnet.reports.bench.HoldModel} times the engine in the classic hold model
 * against SSJ's Henriksen event list and a copy of the former {@code PriorityQueue} engine;
 * {@link io.podnet.reports.bench.ReplayBenchmark} replays a long HTTP transfer over Flannel VXLAN
 * with the trace going to a counting listener (trace events per second on one thread);
 * {@link io.podnet.reports.bench.ScaleBenchmark} renders and builds a 1,000-node cluster (seconds
 * and heap after a full GC). Every result carries the JDK and machine it ran on
 * ({@link io.podnet.reports.bench.MachineInfo}). Figures are wall-clock measurements, reported and
 * never asserted; the model code they drive stays deterministic.
 */
package io.podnet.reports.bench;
