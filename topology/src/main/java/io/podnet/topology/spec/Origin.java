package io.podnet.topology.spec;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where a spec record was written, opaque to topology: the file as its author named it, a 1-based
 * line and column, and optionally where single fields of the record were written (keyed by the
 * record component's name, e.g. {@code subnetLen} of a {@link FlannelSpec}). Topology never reads
 * it; it hands it back in a {@link io.podnet.topology.TopologyException} about the record, so that
 * the layer that read the file can point at the line. Programmatic specs use {@link #NONE}.
 *
 * <p>An origin is not part of a spec's value: any two origins are {@link #equals equal}, so two
 * specs that differ only in where they were written compare equal and hash alike.
 *
 * @param file   the file, or {@code ""} for {@link #NONE}
 * @param line   1-based line, or 0 for {@link #NONE}
 * @param column 1-based column, or 0 for {@link #NONE}
 * @param fields where single fields were written, by component name (sorted; may be empty)
 */
public record Origin(String file, int line, int column, Map<String, Origin> fields) {
    /** No source: a spec built in code. */
    public static final Origin NONE = new Origin("", 0, 0, Map.of());

    public Origin {
        file = file == null ? "" : file;
        fields = fields == null || fields.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(fields));
    }

    /** A position without field positions. */
    public Origin(String file, int line, int column) {
        this(file, line, column, Map.of());
    }

    /** Whether this is {@link #NONE} (no position known). */
    public boolean isNone() {
        return line == 0 && file.isEmpty();
    }

    /** Where {@code field} was written, or this origin (the record's) when that is not known. */
    public Origin at(String field) {
        Origin o = fields.get(field);
        return o == null ? this : o;
    }

    /** This origin with the position of {@code field} ({@code where} null or {@link #NONE}: unchanged). */
    public Origin with(String field, Origin where) {
        if (where == null || where.isNone()) {
            return this;
        }
        Map<String, Origin> m = new TreeMap<>(fields);
        m.put(field, where.withoutFields());
        return new Origin(file, line, column, m);
    }

    private Origin withoutFields() {
        return fields.isEmpty() ? this : new Origin(file, line, column);
    }

    /** Any two origins are equal: where a spec was written is not part of its value. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Origin;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return isNone() ? "(no source)" : file + ":" + line + ":" + column;
    }
}
