package io.podnet.scenarios.source;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** Collects every problem of a load so that all of them are reported at once, not only the first. */
public final class Diagnostics {
    private final List<Diagnostic> all = new ArrayList<>();

    public void error(SourceLocation at, String message) {
        add(Diagnostic.error(at, message));
    }

    public void warning(SourceLocation at, String message) {
        add(Diagnostic.warning(at, message));
    }

    public void add(Diagnostic d) {
        for (Diagnostic existing : all) {
            if (existing.equals(d)) {
                return;
            }
        }
        all.add(d);
    }

    public void addAll(List<Diagnostic> ds) {
        ds.forEach(this::add);
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(Diagnostic::isError);
    }

    public int errorCount() {
        return (int) all.stream().filter(Diagnostic::isError).count();
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
