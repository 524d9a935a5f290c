package io.podnet.scenarios.reachability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An n × n table of booleans over {@code ns/pod} names: whether {@code from} reaches {@code to}. The
 * text form is the one Kubernetes' NetworkPolicy e2e prints ({@code TruthTable.PrettyPrint}): a header
 * row {@code -} followed by the destination names, then one row per source, its name followed by one
 * mark per destination — {@code .} allowed, {@code X} blocked, {@code ?} not known — all separated by
 * tabs.
 */
public final class TruthTable {
    private final List<String> items;
    private final Map<String, Integer> index = new LinkedHashMap<>();
    private final Boolean[][] values;

    /**
     * @param items        the {@code ns/pod} names, rows and columns in this order
     * @param defaultValue the value of every cell, or null for "not known"
     */
    public TruthTable(List<String> items, Boolean defaultValue) {
        this.items = List.copyOf(items);
        for (String i : this.items) {
            if (index.put(i, index.size()) != null) {
                throw new IllegalArgumentException("duplicate item " + i);
            }
        }
        values = new Boolean[items.size()][items.size()];
        for (Boolean[] row : values) {
            java.util.Arrays.fill(row, defaultValue);
        }
    }

    /** The items, in order. */
    public List<String> items() {
        return items;
    }

    private int at(String item) {
        Integer i = index.get(item);
        if (i == null) {
            throw new IllegalArgumentException("no item " + item + " in " + items);
        }
        return i;
    }

    /** Sets one cell. */
    public void set(String from, String to, boolean value) {
        values[at(from)][at(to)] = value;
    }

    /** Sets every cell of the row of {@code from}. */
    public void setAllFrom(String from, boolean value) {
        java.util.Arrays.fill(values[at(from)], value);
    }

    /** Sets every cell of the column of {@code to}. */
    public void setAllTo(String to, boolean value) {
        int j = at(to);
        for (Boolean[] row : values) {
            row[j] = value;
        }
    }

    /** The cell, or null when not known. */
    public Boolean get(String from, String to) {
        return values[at(from)][at(to)];
    }

    /** Upstream's layout, lines joined with {@code \n}, no trailing newline. */
    public String prettyPrint(String indent) {
        StringBuilder sb = new StringBuilder(indent).append('-');
        for (String to : items) {
            sb.append('\t').append(to);
        }
        for (int i = 0; i < items.size(); i++) {
            sb.append('\n').append(indent).append(items.get(i));
            for (int j = 0; j < items.size(); j++) {
                Boolean v = values[i][j];
                sb.append('\t').append(v == null ? "?" : v ? "." : "X");
            }
        }
        return sb.toString();
    }

    /**
     * One cell where two tables differ.
     *
     * @param from     the source
     * @param to       the destination
     * @param expected this table's value (null: not known)
     * @param observed the other table's value
     */
    public record Difference(String from, String to, Boolean expected, Boolean observed) {
        static String text(Boolean b) {
            return b == null ? "?" : b ? "allowed (.)" : "blocked (X)";
        }

        @Override
        public String toString() {
            return from + " -> " + to + ": expected " + text(expected) + ", observed " + text(observed);
        }
    }

    /**
     * The cells where {@code other} differs from this table (same items required), row by row.
     *
     * @param skipLoopback ignore {@code x -> x} (upstream ignores loopback: its policy semantics are undefined)
     */
    public List<Difference> differences(TruthTable other, boolean skipLoopback) {
        if (!items.equals(other.items)) {
            throw new IllegalArgumentException("tables have different pods: " + items + " vs " + other.items);
        }
        List<Difference> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            for (int j = 0; j < items.size(); j++) {
                if (skipLoopback && i == j) {
                    continue;
                }
                if (!java.util.Objects.equals(values[i][j], other.values[i][j])) {
                    out.add(new Difference(items.get(i), items.get(j), values[i][j], other.values[i][j]));
                }
            }
        }
        return out;
    }

    /** A problem in a matrix file, with its 1-based line and column. */
    public static final class FormatException extends Exception {
        private final int line;
        private final int column;

        FormatException(int line, int column, String message) {
            super(message);
            this.line = line;
            this.column = column;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }
    }

    /**
     * Reads a table in the printed layout. Cells are separated by tabs or spaces; blank lines and
     * lines starting with {@code #} are ignored; the header's first cell is {@code -}; every row
     * names a header item, in the header's order; a cell is {@code .} (allowed), {@code X} or
     * {@code x} (blocked) or {@code ?} (not known).
     */
    public static TruthTable parse(String text) throws FormatException {
        List<String> header = null;
        TruthTable t = null;
        int row = 0;
        String[] lines = text.split("\n", -1);
        for (int ln = 0; ln < lines.length; ln++) {
            String line = lines[ln].endsWith("\r") ? lines[ln].substring(0, lines[ln].length() - 1) : lines[ln];
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            List<int[]> spans = tokens(line);
            List<String> cells = new ArrayList<>();
            for (int[] s : spans) {
                cells.add(line.substring(s[0], s[1]));
            }
            if (header == null) {
                if (!cells.get(0).equals("-")) {
                    throw new FormatException(ln + 1, spans.get(0)[0] + 1, "the header row must start with '-', found '"
                            + cells.get(0) + "'; expected '-' then the ns/pod names, separated by tabs");
                }
                header = cells.subList(1, cells.size());
                if (header.isEmpty()) {
                    throw new FormatException(ln + 1, 1, "the header row names no pods; expected '-' then ns/pod names");
                }
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (int i = 0; i < header.size(); i++) {
                    if (!header.get(i).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?/[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
                        throw new FormatException(ln + 1, spans.get(i + 1)[0] + 1, "'" + header.get(i)
                                + "' is not a ns/pod name");
                    }
                    if (!seen.add(header.get(i))) {
                        throw new FormatException(ln + 1, spans.get(i + 1)[0] + 1, "pod " + header.get(i)
                                + " appears twice in the header");
                    }
                }
                t = new TruthTable(header, null);
                continue;
            }
            if (row >= header.size()) {
                throw new FormatException(ln + 1, 1, "one row too many: the header names " + header.size() + " pods");
            }
            if (!cells.get(0).equals(header.get(row))) {
                throw new FormatException(ln + 1, spans.get(0)[0] + 1, "row " + (row + 1) + " is '" + cells.get(0)
                        + "'; expected " + header.get(row) + " (rows in the header's order)");
            }
            if (cells.size() != header.size() + 1) {
                throw new FormatException(ln + 1, spans.get(spans.size() - 1)[1] + 1, "row " + cells.get(0) + " has "
                        + (cells.size() - 1) + " cells; expected " + header.size() + " (one per pod of the header)");
            }
            for (int j = 1; j < cells.size(); j++) {
                String c = cells.get(j);
                Boolean v;
                if (c.equals(".")) {
                    v = true;
                } else if (c.equals("X") || c.equals("x")) {
                    v = false;
                } else if (c.equals("?")) {
                    v = null;
                } else {
                    throw new FormatException(ln + 1, spans.get(j)[0] + 1, "cell '" + c + "' (" + cells.get(0) + " -> "
                            + header.get(j - 1) + "); expected '.' (allowed), 'X' (blocked) or '?'");
                }
                t.values[row][j - 1] = v;
            }
            row++;
        }
        if (header == null) {
            throw new FormatException(1, 1, "no matrix: expected a header row '-' followed by ns/pod names");
        }
        if (row < header.size()) {
            throw new FormatException(lines.length, 1, "the matrix has " + row + " rows; expected " + header.size()
                    + " (missing " + header.get(row) + ")");
        }
        return t;
    }

    private static List<int[]> tokens(String line) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
            int s = i;
            while (i < line.length() && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                i++;
            }
            if (i > s) {
                out.add(new int[] {s, i});
            }
        }
        return out;
    }
}
