package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;

/**
 * A timed change: {@code fail} (node/NAME), {@code delete} (pod/NAME), {@code link-down}
 * (node/NAME). Parsed and validated; the runner reports them as not supported yet.
 */
public record ScenarioEvent(long atNanos, String action, String target, SourceLocation location) {}
