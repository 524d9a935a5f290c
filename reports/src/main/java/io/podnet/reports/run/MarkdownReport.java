package io.podnet.reports.run;

import io.podnet.scenarios.expect.ExpectationFailure;
import io.podnet.sim.engine.Durations;
import java.util.List;

/** A run report as GitHub-flavoured Markdown. */
public final class MarkdownReport {
    private MarkdownReport() {}

    public static String render(RunReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# podnet run: ").append(r.scenario()).append("\n\n");
        if (!r.description().isEmpty()) {
            sb.append(r.description()).append("\n\n");
        }
        sb.append("- file: `").append(r.file()).append("`\n");
        sb.append("- seed: ").append(r.seed()).append('\n');
        sb.append("- CNI: ").append(r.cni()).append(", kube-proxy: ").append(r.kubeProxy()).append('\n');
        sb.append("- simulated: ").append(Durations.format(r.endNanos())).append(", ").append(r.traceEvents())
                .append(" trace events\n");
        if (!r.expectations().isEmpty()) {
            sb.append("- expectations: ").append(r.expectationsHeld()).append(" of ").append(r.expectations().size())
                    .append(" hold\n");
        }

        sb.append("\n## Cluster\n\n");
        table(sb, List.of("node", "address", "pod CIDR", "pods"), r.nodes().stream().map(n -> List.of(n.name(),
                n.address(), n.podCidr(), String.valueOf(n.pods()))).toList());
        sb.append('\n');
        table(sb, List.of("pod", "node", "IP"), r.pods().stream().map(p -> List.of(p.namespace() + "/" + p.name()
                + (p.hostNetwork() ? " (hostNetwork)" : ""), p.node(), p.ip())).toList());
        if (!r.services().isEmpty()) {
            sb.append('\n');
            table(sb, List.of("Service", "type", "ClusterIP", "ports -> endpoints"), r.services().stream().map(s ->
                    List.of(s.namespace() + "/" + s.name(), s.type(), s.clusterIp(), String.join("; ", s.ports())))
                    .toList());
        }

        sb.append("\n## Flows\n\n");
        table(sb, List.of("flow", "from", "to", "outcome", "served by", "encapsulation", "latency", "sent", "received"),
                r.flows().stream().map(f -> List.of(f.flow(), f.from(), f.to() + " (" + f.protocol() + ")",
                        f.outcome(), f.servedBy().isEmpty() ? "-" : "pod/" + f.servedBy(), f.encapsulation(),
                        f.latencyNanos() >= 0 ? Durations.format(f.latencyNanos()) : "-", f.bytesSent() + " B",
                        f.bytesReceived() + " B")).toList());
        for (RunReport.FlowRow f : r.flows()) {
            sb.append("\n### ").append(f.flow()).append("\n\n");
            sb.append("- outcome: **").append(f.outcome()).append("**");
            if (!f.detail().isEmpty()) {
                sb.append(" (").append(f.detail()).append(')');
            }
            sb.append('\n');
            sb.append("- path: ").append(f.path().isEmpty() ? "(none)" : "`" + String.join("` → `", f.path()) + "`")
                    .append('\n');
            if (!f.tunnel().isEmpty()) {
                sb.append("- encapsulation: ").append(f.tunnel()).append('\n');
            }
            if (!f.kubeProxyRules().isEmpty()) {
                sb.append("- kube-proxy rules that fired:\n\n");
                table(sb, List.of("where", "table/chain", "#", "rule", "verdict"), f.kubeProxyRules().stream().map(k ->
                        List.of(k.namespace(), k.table() + "/" + k.chain(), String.valueOf(k.number()),
                                "`" + k.rule() + "`", k.verdict())).toList());
            }
        }

        if (!r.expectations().isEmpty()) {
            sb.append("\n## Expectations\n\n");
            for (RunReport.ExpectationRow x : r.expectations()) {
                sb.append("- ").append(x.held() ? "✅ " : "❌ ").append(x.title()).append(" (").append(x.location())
                        .append("): ").append(String.join(", ", x.checks())).append('\n');
                for (ExpectationFailure f : x.failures()) {
                    sb.append("  - ").append(f.field()).append(f.flow().equals(x.traffic()) ? "" : " for " + f.flow())
                            .append(": expected `").append(f.expected()).append("`, actual `").append(f.actual())
                            .append('`').append(f.detail().isEmpty() ? "" : " — " + f.detail()).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static void table(StringBuilder sb, List<String> header, List<List<String>> rows) {
        sb.append("| ").append(String.join(" | ", header.stream().map(MarkdownReport::cell).toList())).append(" |\n");
        sb.append("|").append("---|".repeat(header.size())).append('\n');
        for (List<String> row : rows) {
            sb.append("| ").append(String.join(" | ", row.stream().map(MarkdownReport::cell).toList())).append(" |\n");
        }
    }

    /** A table cell: pipes escaped, line breaks flattened. */
    static String cell(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ");
    }
}
