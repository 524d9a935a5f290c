package io.podnet.sweep;

import io.podnet.scenarios.source.SourceLocation;

/**
 * A statistical expectation over a sweep's cells. One of two shapes:
 * <ul>
 *   <li>a bound in a fraction of cells per group: {@code {metric, by, atMost|atLeast, inAtLeast}};</li>
 *   <li>a comparison of two groups: {@code {metric, compare: {KEY: A, to: B}, within: P%}}.</li>
 * </ul>
 *
 * @param location  where the expectation is written
 * @param metric    the result column (e.g. {@code rr.p50Nanos})
 * @param by        the grid key that groups cells (bound form), or null
 * @param atMost    the upper bound in the metric's unit (nanoseconds for durations), or null
 * @param atLeast   the lower bound, or null
 * @param inAtLeast the fraction (0..1) of a group's cells that must meet the bound
 * @param compareKey  the grid key of a comparison, or null
 * @param compareA    the group compared
 * @param compareB    the group it is compared to
 * @param within      the largest relative difference of the medians (0..1)
 * @param text        the expectation as the report names it
 */
public record SweepExpectation(SourceLocation location, String metric, String by, Double atMost, Double atLeast,
                               double inAtLeast, String compareKey, String compareA, String compareB, double within,
                               String text) {
    /** Whether this is a comparison between groups. */
    public boolean isComparison() {
        return compareKey != null;
    }
}
