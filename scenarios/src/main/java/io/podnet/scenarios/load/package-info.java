/**
 * Loading scenario files: {@link io.podnet.scenarios.load.ScenarioLoader} turns YAML/JSON into the
 * typed {@link io.podnet.scenarios.model.Scenario}, reporting every problem (unknown fields with a
 * did-you-mean, malformed CIDRs, sizes and durations, overlapping ranges, unknown nodes, names that
 * are not DNS-1123...) as a {@link io.podnet.scenarios.source.Diagnostic} at its line and column.
 * Kubernetes manifests are bound to fabric8's model with unknown fields rejected.
 */
package io.podnet.scenarios.load;
