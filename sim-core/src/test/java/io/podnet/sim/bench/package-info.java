/**
 * JMH benchmarks of sim-core (compiled with the test sources, run by {@code scripts/bench}, never by
 * surefire). Each benchmark class pairs the measured operation with a baseline measured in the same
 * run (a bare {@link java.util.PriorityQueue} loop, one hash probe, a byte copy, an accept-all
 * filter), so results are quoted as ratios: absolute figures on a shared machine are noise.
 * Benchmarks never assert; correctness stays in the unit tests.
 */
package io.podnet.sim.bench;
