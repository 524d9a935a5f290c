package io.podnet.reports.run;

import io.podnet.scenarios.expect.ExpectationFailure;
import io.podnet.sim.engine.Durations;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A run report as one self-contained HTML page (inline CSS, inline SVG, no scripts, no external
 * references): failures first; the cluster; the flows, with a latency chart (JFreeChart); per flow a
 * ladder diagram, a time-per-hop chart (with the cost model's CPU time when present) and the iptables walk
 * collapsed to the rules that changed something (the whole walk in a {@code <details>}); then every
 * expectation.
 */
public final class HtmlReport {
    private HtmlReport() {}

    public static String render(RunReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>podnet run: ")
                .append(esc(r.scenario())).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .6em;"
                        + "text-align:left;vertical-align:top}th{background:#f3f3f3}\n")
                .append("code{font-family:ui-monospace,monospace;font-size:90%}.ok{color:#176f2c}.fail{color:#b00020}\n")
                .append("figure{margin:1em 0}figcaption{font-size:90%;color:#555}details{margin:.5em 0}"
                        + "summary{cursor:pointer}svg{max-width:100%;height:auto}\n")
                .append("</style>\n</head>\n<body>\n");
        sb.append("<h1>podnet run: ").append(esc(r.scenario())).append("</h1>\n");
        if (!r.description().isEmpty()) {
            sb.append("<p>").append(esc(r.description())).append("</p>\n");
        }
        sb.append("<ul>\n<li>file: <code>").append(esc(r.file())).append("</code></li>\n<li>seed: ").append(r.seed())
                .append("</li>\n<li>CNI: ").append(esc(r.cni())).append(", kube-proxy: ").append(esc(r.kubeProxy()))
                .append("</li>\n<li>simulated: ").append(esc(Durations.format(r.endNanos()))).append(", ")
                .append(r.traceEvents()).append(" trace events</li>\n");
        if (!r.expectations().isEmpty()) {
            boolean all = r.expectationsHeld() == r.expectations().size();
            sb.append("<li>expectations: <span class=\"").append(all ? "ok" : "fail").append("\">")
                    .append(r.expectationsHeld()).append(" of ").append(r.expectations().size())
                    .append(" hold</span></li>\n");
        }
        sb.append("</ul>\n");

        failures(sb, r);

        sb.append("<h2>Cluster</h2>\n");
        String topology = RunPictures.topology(r);
        if (!topology.isEmpty()) {
            sb.append("<figure class=\"topology\">\n").append(topology).append("</figure>\n");
        }
        table(sb, List.of("node", "address", "pod CIDR", "pods"), r.nodes().stream().map(n -> List.of(esc(n.name()),
                esc(n.address()), esc(n.podCidr()), String.valueOf(n.pods()))).toList());
        table(sb, List.of("pod", "node", "IP"), r.pods().stream().map(p -> List.of(esc(p.namespace() + "/" + p.name()
                + (p.hostNetwork() ? " (hostNetwork)" : "")), esc(p.node()), esc(p.ip()))).toList());
        if (!r.services().isEmpty()) {
            table(sb, List.of("Service", "type", "ClusterIP", "ports → endpoints"), r.services().stream().map(s ->
                    List.of(esc(s.namespace() + "/" + s.name()), esc(s.type()), esc(s.clusterIp()),
                            esc(String.join("; ", s.ports())))).toList());
        }

        List<RunReport.FlowRow> flows = failedFirst(r);
        sb.append("<h2>Flows</h2>\n");
        table(sb, List.of("flow", "from", "to", "outcome", "served by", "encapsulation", "latency", "sent", "received"),
                flows.stream().map(f -> List.of(esc(f.flow()), esc(f.from()), esc(f.to() + " (" + f.protocol() + ")"),
                        "<span class=\"" + (f.delivered() ? "ok" : "fail") + "\">" + esc(f.outcome())
                                + "</span>", f.servedBy().isEmpty() ? "-" : esc("pod/" + f.servedBy()),
                        esc(f.encapsulation()), f.latencyNanos() >= 0 ? esc(Durations.format(f.latencyNanos())) : "-",
                        f.bytesSent() + " B", f.bytesReceived() + " B")).toList());
        String latency = RunPictures.latencyChart(r);
        if (!latency.isEmpty()) {
            sb.append("<figure class=\"chart\">\n").append(latency).append("</figure>\n");
        }
        for (int i = 0; i < flows.size(); i++) {
            RunReport.FlowRow f = flows.get(i);
            sb.append("<h3 id=\"flow-").append(i + 1).append("\">").append(esc(f.flow())).append("</h3>\n<ul>\n")
                    .append("<li>outcome: <b class=\"").append(f.delivered() ? "ok" : "fail").append("\">")
                    .append(esc(f.outcome())).append("</b>")
                    .append(f.detail().isEmpty() ? "" : " (" + esc(f.detail()) + ")").append("</li>\n");
            sb.append("<li>path: ").append(f.path().isEmpty() ? "(none)" : String.join(" → ",
                    f.path().stream().map(p -> "<code>" + esc(p) + "</code>").toList())).append("</li>\n");
            if (!f.tunnel().isEmpty()) {
                sb.append("<li>encapsulation: ").append(esc(f.tunnel())).append("</li>\n");
            }
            sb.append("</ul>\n");
            String ladder = RunPictures.ladder(f, "ladder-" + (i + 1));
            if (!ladder.isEmpty()) {
                sb.append("<figure class=\"ladder\">\n").append(ladder).append("<figcaption>Ladder diagram: each ")
                        .append("packet of the flow moving between namespaces, in order (time is when it arrived)")
                        .append("</figcaption>\n</figure>\n");
            }
            String hops = RunPictures.hopTimeChart(f, "hops" + (i + 1));
            if (!hops.isEmpty()) {
                sb.append("<figure class=\"chart\">\n").append(hops).append("</figure>\n");
            }
            walk(sb, f);
        }

        if (!r.expectations().isEmpty()) {
            sb.append("<h2>Expectations</h2>\n<ul>\n");
            for (RunReport.ExpectationRow x : r.expectations()) {
                sb.append("<li><span class=\"").append(x.held() ? "ok\">held" : "fail\">failed").append("</span> ")
                        .append(esc(x.title())).append(" (<code>").append(esc(x.location())).append("</code>): ")
                        .append(esc(String.join(", ", x.checks())));
                failureList(sb, x);
                sb.append("</li>\n");
            }
            sb.append("</ul>\n");
        }
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    /** Failed expectations and undelivered flows, before anything else. */
    private static void failures(StringBuilder sb, RunReport r) {
        List<RunReport.ExpectationRow> failed = r.expectations().stream().filter(x -> !x.held()).toList();
        List<RunReport.FlowRow> lost = r.flows().stream().filter(f -> !f.delivered()).toList();
        if (failed.isEmpty() && lost.isEmpty()) {
            sb.append("<p class=\"ok\" id=\"failures\">No failures: ")
                    .append(r.expectations().isEmpty() ? "every flow was delivered" : "every expectation held")
                    .append(".</p>\n");
            return;
        }
        sb.append("<h2 id=\"failures\" class=\"fail\">Failures</h2>\n<ul>\n");
        for (RunReport.ExpectationRow x : failed) {
            sb.append("<li><span class=\"fail\">failed</span> ").append(esc(x.title())).append(" (<code>")
                    .append(esc(x.location())).append("</code>)");
            failureList(sb, x);
            sb.append("</li>\n");
        }
        for (RunReport.FlowRow f : lost) {
            sb.append("<li>flow <b>").append(esc(f.flow())).append("</b>: <span class=\"fail\">")
                    .append(esc(f.outcome())).append("</span>")
                    .append(f.detail().isEmpty() ? "" : " (" + esc(f.detail()) + ")").append("</li>\n");
        }
        sb.append("</ul>\n");
    }

    private static void failureList(StringBuilder sb, RunReport.ExpectationRow x) {
        if (x.failures().isEmpty()) {
            return;
        }
        sb.append("\n<ul>\n");
        for (ExpectationFailure f : x.failures()) {
            sb.append("<li>").append(esc(f.field() + (f.flow().equals(x.traffic()) ? "" : " for " + f.flow())))
                    .append(": expected <code>").append(esc(f.expected())).append("</code>, actual <code>")
                    .append(esc(f.actual())).append("</code>")
                    .append(f.detail().isEmpty() ? "" : " — " + esc(f.detail())).append("</li>\n");
        }
        sb.append("</ul>");
    }

    /** Flows whose traffic has a failed expectation, or that were not delivered, first; otherwise run order. */
    static List<RunReport.FlowRow> failedFirst(RunReport r) {
        Set<String> failedTraffic = new HashSet<>();
        r.expectations().stream().filter(x -> !x.held()).forEach(x -> failedTraffic.add(x.traffic()));
        List<RunReport.FlowRow> out = new ArrayList<>();
        List<RunReport.FlowRow> rest = new ArrayList<>();
        for (RunReport.FlowRow f : r.flows()) {
            (failedTraffic.contains(f.traffic()) || !f.delivered() ? out : rest).add(f);
        }
        out.addAll(rest);
        return out;
    }

    /** The iptables walk: the rules that changed something shown, the whole walk in a closed details. */
    private static void walk(StringBuilder sb, RunReport.FlowRow f) {
        if (f.netfilter().isEmpty()) {
            return;
        }
        List<String> header = List.of("where", "table/chain", "#", "rule", "verdict");
        List<RunReport.RuleRow> changed = f.netfilter().stream().filter(RunReport.RuleRow::changedSomething).toList();
        sb.append("<p>iptables rules that changed something (").append(changed.size()).append(" of ")
                .append(f.netfilter().size()).append(" rules that fired):</p>\n");
        if (!changed.isEmpty()) {
            table(sb, header, changed.stream().map(HtmlReport::ruleCells).toList());
        }
        sb.append("<details class=\"walk\"><summary>whole iptables walk (").append(f.netfilter().size())
                .append(" rules, jumps and returns included)</summary>\n");
        table(sb, header, f.netfilter().stream().map(HtmlReport::ruleCells).toList());
        sb.append("</details>\n");
    }

    private static List<String> ruleCells(RunReport.RuleRow k) {
        return List.of(esc(k.namespace()), esc(k.table() + "/" + k.chain()), String.valueOf(k.number()),
                "<code>" + esc(k.rule()) + "</code>", esc(k.verdict()));
    }

    /** Cells are already escaped HTML. */
    private static void table(StringBuilder sb, List<String> header, List<List<String>> rows) {
        sb.append("<table>\n<tr>");
        header.forEach(h -> sb.append("<th>").append(esc(h)).append("</th>"));
        sb.append("</tr>\n");
        for (List<String> row : rows) {
            sb.append("<tr>");
            row.forEach(c -> sb.append("<td>").append(c).append("</td>"));
            sb.append("</tr>\n");
        }
        sb.append("</table>\n");
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<':
                    sb.append("&lt;");
                    break;
                case '>':
                    sb.append("&gt;");
                    break;
                case '&':
                    sb.append("&amp;");
                    break;
                case '"':
                    sb.append("&quot;");
                    break;
                case '\'':
                    sb.append("&#39;");
                    break;
                default:
                    sb.append(c);
            }
        }
        return sb.toString();
    }
}
