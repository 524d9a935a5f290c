package io.podnet.reports.run;

import io.podnet.scenarios.expect.ExpectationFailure;
import io.podnet.sim.engine.Durations;
import java.util.List;

/**
 * A run report as one self-contained HTML page (inline CSS, no scripts), with an inline SVG bar chart
 * of each delivered flow's latency.
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

        sb.append("<h2>Cluster</h2>\n");
        table(sb, List.of("node", "address", "pod CIDR", "pods"), r.nodes().stream().map(n -> List.of(esc(n.name()),
                esc(n.address()), esc(n.podCidr()), String.valueOf(n.pods()))).toList());
        table(sb, List.of("pod", "node", "IP"), r.pods().stream().map(p -> List.of(esc(p.namespace() + "/" + p.name()
                + (p.hostNetwork() ? " (hostNetwork)" : "")), esc(p.node()), esc(p.ip()))).toList());
        if (!r.services().isEmpty()) {
            table(sb, List.of("Service", "type", "ClusterIP", "ports → endpoints"), r.services().stream().map(s ->
                    List.of(esc(s.namespace() + "/" + s.name()), esc(s.type()), esc(s.clusterIp()),
                            esc(String.join("; ", s.ports())))).toList());
        }

        sb.append("<h2>Flows</h2>\n");
        table(sb, List.of("flow", "from", "to", "outcome", "served by", "encapsulation", "latency", "sent", "received"),
                r.flows().stream().map(f -> List.of(esc(f.flow()), esc(f.from()), esc(f.to() + " (" + f.protocol() + ")"),
                        "<span class=\"" + ("delivered".equals(f.outcome()) ? "ok" : "fail") + "\">" + esc(f.outcome())
                                + "</span>", f.servedBy().isEmpty() ? "-" : esc("pod/" + f.servedBy()),
                        esc(f.encapsulation()), f.latencyNanos() >= 0 ? esc(Durations.format(f.latencyNanos())) : "-",
                        f.bytesSent() + " B", f.bytesReceived() + " B")).toList());
        latencyChart(sb, r);
        for (RunReport.FlowRow f : r.flows()) {
            sb.append("<h3>").append(esc(f.flow())).append("</h3>\n<ul>\n<li>outcome: <b>").append(esc(f.outcome()))
                    .append("</b>").append(f.detail().isEmpty() ? "" : " (" + esc(f.detail()) + ")").append("</li>\n");
            sb.append("<li>path: ").append(f.path().isEmpty() ? "(none)" : String.join(" → ",
                    f.path().stream().map(p -> "<code>" + esc(p) + "</code>").toList())).append("</li>\n");
            if (!f.tunnel().isEmpty()) {
                sb.append("<li>encapsulation: ").append(esc(f.tunnel())).append("</li>\n");
            }
            sb.append("</ul>\n");
            if (!f.kubeProxyRules().isEmpty()) {
                sb.append("<p>kube-proxy rules that fired:</p>\n");
                table(sb, List.of("where", "table/chain", "#", "rule", "verdict"), f.kubeProxyRules().stream().map(k ->
                        List.of(esc(k.namespace()), esc(k.table() + "/" + k.chain()), String.valueOf(k.number()),
                                "<code>" + esc(k.rule()) + "</code>", esc(k.verdict()))).toList());
            }
        }

        if (!r.expectations().isEmpty()) {
            sb.append("<h2>Expectations</h2>\n<ul>\n");
            for (RunReport.ExpectationRow x : r.expectations()) {
                sb.append("<li><span class=\"").append(x.held() ? "ok\">held" : "fail\">failed").append("</span> ")
                        .append(esc(x.title())).append(" (<code>").append(esc(x.location())).append("</code>): ")
                        .append(esc(String.join(", ", x.checks())));
                if (!x.failures().isEmpty()) {
                    sb.append("\n<ul>\n");
                    for (ExpectationFailure f : x.failures()) {
                        sb.append("<li>").append(esc(f.field() + (f.flow().equals(x.traffic()) ? "" : " for " + f.flow())))
                                .append(": expected <code>").append(esc(f.expected())).append("</code>, actual <code>")
                                .append(esc(f.actual())).append("</code>")
                                .append(f.detail().isEmpty() ? "" : " — " + esc(f.detail())).append("</li>\n");
                    }
                    sb.append("</ul>");
                }
                sb.append("</li>\n");
            }
            sb.append("</ul>\n");
        }
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    /** Horizontal bars, one per delivered flow, scaled to the slowest. */
    private static void latencyChart(StringBuilder sb, RunReport r) {
        List<RunReport.FlowRow> delivered = r.flows().stream().filter(f -> f.latencyNanos() >= 0).toList();
        if (delivered.isEmpty()) {
            return;
        }
        long max = delivered.stream().mapToLong(RunReport.FlowRow::latencyNanos).max().getAsLong();
        int rowH = 22;
        int labelW = 260;
        int barW = 420;
        int h = delivered.size() * rowH + 10;
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"latency per flow\" width=\"")
                .append(labelW + barW + 120).append("\" height=\"").append(h).append("\" font-size=\"12\">\n");
        for (int i = 0; i < delivered.size(); i++) {
            RunReport.FlowRow f = delivered.get(i);
            int y = 5 + i * rowH;
            long w = max == 0 ? 0 : Math.max(1, Math.round((double) f.latencyNanos() * barW / max));
            sb.append("<text x=\"0\" y=\"").append(y + 14).append("\">").append(esc(f.flow())).append("</text>")
                    .append("<rect x=\"").append(labelW).append("\" y=\"").append(y + 3).append("\" width=\"").append(w)
                    .append("\" height=\"").append(rowH - 8).append("\" fill=\"#4a7ebb\"/>")
                    .append("<text x=\"").append(labelW + w + 6).append("\" y=\"").append(y + 14).append("\">")
                    .append(esc(Durations.format(f.latencyNanos()))).append("</text>\n");
        }
        sb.append("</svg>\n");
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
