package io.podnet.scenarios.source;

/**
 * Where something was written: the file as the user named it, and a 1-based line and column.
 * Printed as {@code file:line:column}, the form compilers use, so editors can jump to it.
 */
public record SourceLocation(String file, int line, int column) {
    public SourceLocation {
        if (file == null) {
            throw new IllegalArgumentException("file is null");
        }
    }

    /** A location for a whole file (line 1, column 1). */
    public static SourceLocation ofFile(String file) {
        return new SourceLocation(file, 1, 1);
    }

    /** This location as topology's opaque {@link io.podnet.topology.spec.Origin} (null: {@code NONE}). */
    public static io.podnet.topology.spec.Origin origin(SourceLocation at) {
        return at == null ? io.podnet.topology.spec.Origin.NONE
                : new io.podnet.topology.spec.Origin(at.file, at.line, at.column);
    }

    /** Where an {@link io.podnet.topology.spec.Origin} points, or null for one with no position. */
    public static SourceLocation of(io.podnet.topology.spec.Origin o) {
        return o == null || o.isNone() ? null : new SourceLocation(o.file(), o.line(), o.column());
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
