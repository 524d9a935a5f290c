/**
 * JUnit XML for CI pipelines (Jenkins, GitLab, GitHub Actions test reporters):
 * {@link io.podnet.reports.junit.JunitXml} writes one {@code <testsuite>} per scenario run, one
 * {@code <testcase>} per expectation, and a {@code <failure>} with expected and actual for each field
 * that did not hold; a scenario that cannot be loaded or built is one {@code <testcase>} with an
 * {@code <error>} carrying its diagnostics. Times are simulated seconds; there is no timestamp or
 * host name, so the same scenario and seed give the same bytes.
 */
package io.podnet.reports.junit;
