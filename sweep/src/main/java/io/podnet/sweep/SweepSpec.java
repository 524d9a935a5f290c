package io.podnet.sweep;

import io.podnet.scenarios.source.SourceLocation;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * A validated sweep file.
 *
 * @param file         the sweep file
 * @param name         metadata.name
 * @param scenario     the scenario file (resolved against the sweep file's directory)
 * @param axes         the grid's keys in file order, each with its values
 * @param expectations the statistical expectations over the cells, in file order
 */
public record SweepSpec(Path file, String name, Path scenario, List<Axis> axes, List<SweepExpectation> expectations) {
    public SweepSpec {
        axes = List.copyOf(axes);
        expectations = List.copyOf(expectations);
    }

    /**
     * One grid key with its values as written ({@code kind} is how a value is put into the scenario:
     * "integer", "float", "boolean" or "string").
     */
    public record Axis(String key, SourceLocation location, List<Value> values) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Axis {
            values = List.copyOf(values);
        }
    }

    /** One grid value as written, and the YAML type it resolved to. */
    public record Value(String text, String kind) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The number of cells: the product of the axes' sizes. */
    public long cellCount() {
        long n = 1;
        for (Axis a : axes) {
            n *= a.values().size();
        }
        return n;
    }
}
