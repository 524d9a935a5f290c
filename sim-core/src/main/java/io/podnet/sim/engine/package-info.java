/**
 * The discrete-event engine: {@link io.podnet.sim.engine.Engine} (nanosecond {@code long} time,
 * schedule after a delay or now, cancel, run until a time or until idle; same-time events in
 * insertion order) and {@link io.podnet.sim.engine.SeededRandoms} (one named random stream per
 * component, derived from the run's seed). No static state, no wall clock.
 */
package io.podnet.sim.engine;
