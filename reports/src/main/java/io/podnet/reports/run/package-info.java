/**
 * A readable report of one run: {@link io.podnet.reports.run.RunReport} gathers, from a
 * {@link io.podnet.scenarios.run.RunResult} and its expectation failures, the scenario, a cluster
 * summary (nodes, pods, Services), every flow (outcome, path, latency, the tunnel that carried it, the
 * kube-proxy rules that fired for it) and every expectation with its result. {@link
 * io.podnet.reports.run.MarkdownReport}, {@link io.podnet.reports.run.HtmlReport} and {@link
 * io.podnet.reports.run.JsonReport} render it; all three are deterministic. The HTML page puts failures
 * first and draws, per flow, a ladder diagram (its own SVG, through {@link io.podnet.reports.chart.Svg}) and
 * a time-per-hop chart, plus a latency chart (JFreeChart, through {@link io.podnet.reports.chart.Charts});
 * iptables walks are collapsed to the rules that changed something.
 */
package io.podnet.reports.run;
