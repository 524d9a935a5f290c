package io.podnet.scenarios.expect;

import io.podnet.scenarios.model.Expectation;
import io.podnet.scenarios.source.SourceLocation;

/**
 * One expectation field that did not hold.
 *
 * @param expectation the expectation
 * @param field       which field failed ({@code outcome}, {@code path}...)
 * @param flow        the attempt it failed for ({@code name} or {@code name#i})
 * @param expected    what the file asked for, as written
 * @param actual      what the run produced
 * @param detail      extra explanation (for paths: the hop where they diverged), or empty
 */
public record ExpectationFailure(Expectation expectation, String field, String flow, String expected, String actual,
                                 String detail) {
    public SourceLocation location() {
        return expectation.at(field);
    }

    /** The failure as printed: a header line at the field's position, then expected/actual lines. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(location()).append(": expectation ").append(expectation.index() + 1).append(" (traffic ")
                .append(expectation.traffic()).append(") failed: ").append(field)
                .append(flow.equals(expectation.traffic()) ? "" : " for " + flow).append('\n');
        sb.append("  expected: ").append(expected).append('\n');
        sb.append("  actual:   ").append(actual);
        if (!detail.isEmpty()) {
            sb.append('\n').append("  ").append(detail);
        }
        return sb.toString();
    }
}
