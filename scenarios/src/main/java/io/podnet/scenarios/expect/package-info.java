/**
 * Expectations: {@link io.podnet.scenarios.expect.ExpectationChecker} compares a scenario's
 * {@code expect} items with a {@link io.podnet.scenarios.run.RunResult} and returns each field that
 * failed as an {@link io.podnet.scenarios.expect.ExpectationFailure} (position, expected, actual,
 * the hop where a path diverged). A path matches when its hops appear in order among the hops the
 * packet crossed.
 */
package io.podnet.scenarios.expect;
