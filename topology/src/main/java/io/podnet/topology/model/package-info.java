/**
 * The built cluster model: what the runner, the viewer and the reports use to map names to
 * addresses. Immutable records plus {@link io.podnet.topology.model.Cluster}, whose lists keep a
 * deterministic order and whose lookups never leak hash order.
 */
package io.podnet.topology.model;
