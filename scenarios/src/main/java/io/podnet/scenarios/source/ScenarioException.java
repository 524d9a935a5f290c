package io.podnet.scenarios.source;

import java.util.List;

/**
 * A scenario could not be loaded or run because of its content. Carries every diagnostic (errors
 * and warnings); the CLI prints each on its own line and exits with status 2. It never carries a
 * stack trace worth showing to a user.
 */
public final class ScenarioException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<Diagnostic> diagnostics;

    public ScenarioException(List<Diagnostic> diagnostics) {
        super(diagnostics.isEmpty() ? "invalid scenario" : diagnostics.get(0).render(), null, false, false);
        this.diagnostics = List.copyOf(diagnostics);
    }

    public ScenarioException(Diagnostic d) {
        this(List.of(d));
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }
}
