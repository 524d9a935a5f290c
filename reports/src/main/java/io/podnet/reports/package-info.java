/**
 * Reports on simulated runs, for people and for machines: {@code podnet compare} runs one
 * scenario under several CNI designs and tabulates what each run measured
 * ({@link io.podnet.reports.compare}); {@code podnet report} writes a run as Markdown, HTML or JSON
 * ({@link io.podnet.reports.run}) and its expectations as JUnit XML ({@link io.podnet.reports.junit}).
 * Every figure is read from a {@link io.podnet.scenarios.run.RunResult} (its trace, flows and rendered
 * configuration), never from a table of constants. Output is deterministic: the same scenario and
 * seed give the same bytes.
 */
package io.podnet.reports;
