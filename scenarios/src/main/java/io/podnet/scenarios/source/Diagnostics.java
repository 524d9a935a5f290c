package io.podnet.scenarios.source;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** Collects every problem of a load so that all of them are reported at once, not only the first. */
public final class Diagnostics {
    /** Insertion-ordered and hashed: adding is constant time, so 100,000 errors collect in linear time. */
    private final java.util.LinkedHashSet<Diagnostic> all = new java.util.LinkedHashSet<>();
    private int errors;

    public void error(SourceLocation at, String message) {
        add(Diagnostic.error(at, message));
    }

    public void warning(SourceLocation at, String message) {
        add(Diagnostic.warning(at, message));
    }

    public void add(Diagnostic d) {
        if (all.add(d) && d.isError()) {
            errors++;
        }
    }

    public void addAll(List<Diagnostic> ds) {
        ds.forEach(this::add);
    }

    public boolean hasErrors() {
        return errors > 0;
    }

    public int errorCount() {
        return errors;
    }

    /** All diagnostics ordered by file, line and column (stable for equal positions). */
    public List<Diagnostic> sorted() {
        List<Diagnostic> copy = new ArrayList<>(all);
        copy.sort(Comparator.comparing((Diagnostic d) -> d.location().file())
                .thenComparingInt(d -> d.location().line())
                .thenComparingInt(d -> d.location().column()));
        return Collections.unmodifiableList(copy);
    }

    public List<Diagnostic> warnings() {
        return sorted().stream().filter(d -> !d.isError()).toList();
    }

    /** Throws a {@link ScenarioException} carrying everything collected when any error was found. */
    public void throwIfErrors() throws ScenarioException {
        if (hasErrors()) {
            throw new ScenarioException(sorted());
        }
    }
}
