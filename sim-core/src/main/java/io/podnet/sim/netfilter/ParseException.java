package io.podnet.sim.netfilter;

/**
 * The iptables-save text could not be loaded, as {@code iptables-restore} would refuse it. Carries
 * the 1-based line and column of the offending token, what is wrong, and what would be accepted.
 */
public final class ParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String problem;
    private final String accepted;
    private final String lineText;

    public ParseException(int line, int column, String problem, String accepted, String lineText) {
        super(format(line, column, problem, accepted, lineText));
        this.line = line;
        this.column = column;
        this.problem = problem;
        this.accepted = accepted;
        this.lineText = lineText;
    }

    private static String format(int line, int column, String problem, String accepted, String lineText) {
        StringBuilder sb = new StringBuilder("line ").append(line).append(", column ").append(column).append(": ")
                .append(problem);
        if (accepted != null && !accepted.isEmpty()) {
            sb.append(" (accepted: ").append(accepted).append(')');
        }
        if (lineText != null) {
            sb.append("\n  ").append(lineText).append("\n  ").append(" ".repeat(Math.max(0, column - 1))).append('^');
        }
        return sb.toString();
    }

    /** 1-based line number. */
    public int line() {
        return line;
    }

    /** 1-based column of the offending token. */
    public int column() {
        return column;
    }

    /** What is wrong, without the position. */
    public String problem() {
        return problem;
    }

    /** What would have been accepted at that point, or null. */
    public String accepted() {
        return accepted;
    }

    /** The offending line as written, or null. */
    public String lineText() {
        return lineText;
    }
}
