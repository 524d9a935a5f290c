/**
 * Loading scenario files: {@link io.podnet.scenarios.load.ScenarioLoader} turns YAML/JSON into the
 * typed {@link io.podnet.scenarios.model.Scenario}, reporting every problem (unknown fields with a
 * did-you-mean, malformed CIDRs, sizes and durations, overlapping ranges, unknown nodes, names that
 * are not DNS-1123...) as a {@link io.podnet.scenarios.source.Diagnostic} at its line and column.
 * Kubernetes manifests are bound to fabric8's model with unknown fields rejected, and checked as the
 * API server would ({@link io.podnet.scenarios.load.ManifestChecks}). Nothing a file says can exhaust
 * the JVM: files are checked for type and size before reading, includes stay in the scenario's
 * directory tree, and what a file may ask for is capped by {@link io.podnet.scenarios.load.Limits}
 * (each cap named in its error with the system property that raises it).
 */
package io.podnet.scenarios.load;
