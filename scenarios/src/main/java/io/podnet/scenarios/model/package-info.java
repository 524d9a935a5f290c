/**
 * The typed scenario (format v1) after validation: records only, every value already parsed into
 * its unit (nanoseconds, bytes, bits per second, prefixes) and every element carrying the
 * {@link io.podnet.scenarios.source.SourceLocation} it came from. The cluster section's parts are
 * topology's own spec records ({@code io.podnet.topology.spec}), each with the
 * {@link io.podnet.topology.spec.Origin} it came from; no class here repeats one of them. Produced
 * by {@link io.podnet.scenarios.load.ScenarioLoader}; consumed by the runner, the viewer and reports.
 */
package io.podnet.scenarios.model;
