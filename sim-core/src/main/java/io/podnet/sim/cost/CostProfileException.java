package io.podnet.sim.cost;

import java.util.List;

/** A cost profile that cannot be read; every problem carries {@code file:line:column}. */
public final class CostProfileException extends Exception {
    private static final long serialVersionUID = 1L;

    /** One problem at a position of the file (line and column from 1). */
    public record Problem(String file, int line, int column, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ":" + column + ": " + message;
        }
    }

    private final transient List<Problem> problems;

    public CostProfileException(List<Problem> problems) {
        super(String.join("\n", problems.stream().map(Problem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
