package io.podnet.scenarios.source;

/**
 * One problem found in a scenario: where, what is wrong, and what would be accepted. Rendered as
 * {@code file:line:column: message} (warnings add {@code warning: } after the location).
 */
public record Diagnostic(SourceLocation location, Severity severity, String message) {
    public enum Severity { ERROR, WARNING }

    public Diagnostic {
        if (location == null || severity == null || message == null) {
            throw new IllegalArgumentException("a diagnostic needs a location, a severity and a message");
        }
    }

    public static Diagnostic error(SourceLocation at, String message) {
        return new Diagnostic(at, Severity.ERROR, message);
    }

    public static Diagnostic warning(SourceLocation at, String message) {
        return new Diagnostic(at, Severity.WARNING, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The one-line form printed to the user. */
    public String render() {
        return location + ": " + (severity == Severity.WARNING ? "warning: " : "") + message;
    }

    @Override
    public String toString() {
        return render();
    }
}
