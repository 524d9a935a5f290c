package io.podnet.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One point of the grid: its 0-based index in the cross product and, per grid key (in the sweep file's
 * order), the value it takes.
 */
public record Cell(int index, List<String> keys, List<SweepSpec.Value> values) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Cell {
        keys = List.copyOf(keys);
        values = List.copyOf(values);
    }

    /** The value of {@code key}, or null when the grid does not have it. */
    public String get(String key) {
        int i = keys.indexOf(key);
        return i < 0 ? null : values.get(i).text();
    }

    /**
     * The cross product of the axes, the last key varying fastest (so the cells of a design are
     * consecutive when the design is the first key).
     */
    public static List<Cell> grid(List<SweepSpec.Axis> axes) {
        List<String> keys = axes.stream().map(SweepSpec.Axis::key).toList();
        List<Cell> out = new ArrayList<>();
        int n = 1;
        for (SweepSpec.Axis a : axes) {
            n *= a.values().size();
        }
        for (int i = 0; i < n; i++) {
            List<SweepSpec.Value> vals = new ArrayList<>();
            int rest = i;
            int[] idx = new int[axes.size()];
            for (int k = axes.size() - 1; k >= 0; k--) {
                int size = axes.get(k).values().size();
                idx[k] = rest % size;
                rest /= size;
            }
            for (int k = 0; k < axes.size(); k++) {
                vals.add(axes.get(k).values().get(idx[k]));
            }
            out.add(new Cell(i, keys, vals));
        }
        return out;
    }
}
