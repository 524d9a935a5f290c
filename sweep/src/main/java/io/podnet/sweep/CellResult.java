package io.podnet.sweep;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one cell produced: the run's columns in a fixed order (grid values first, then per traffic item
 * and per flow), each a {@code Long}, {@code Double} or {@code String}; {@code error} is null when the
 * cell ran.
 */
public record CellResult(int index, LinkedHashMap<String, Object> columns, String error) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The columns (read-only view). */
    public Map<String, Object> view() {
        return java.util.Collections.unmodifiableMap(columns);
    }
}
