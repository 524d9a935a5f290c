package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;

/** Where traffic starts: {@code pod/NAME} (optionally {@code pod/NAMESPACE/NAME}). */
public record Endpoint(String namespace, String name, SourceLocation location) {
    @Override
    public String toString() {
        return "pod/" + name;
    }
}
