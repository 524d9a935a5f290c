package io.podnet.reports.compare;

import io.podnet.sim.engine.Durations;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * A comparison as a plain-text table: one column per design, one row per figure. Designs that did
 * not run show {@code -} in every row after {@code status}; why is in the notes under the table.
 */
public final class ComparisonText {
    private ComparisonText() {}

    public static String render(Comparison c) {
        StringBuilder sb = new StringBuilder();
        sb.append("podnet compare: ").append(c.scenario()).append(" (").append(c.file()).append(", seed ")
                .append(c.seed()).append(")\n");
        if (!c.workload().isEmpty()) {
            sb.append("added by compare:\n");
            c.workload().forEach(l -> sb.append("  ").append(l).append('\n'));
        }
        sb.append('\n');

        DesignMetrics first = c.designs().stream().filter(d -> d.metrics() != null).map(DesignResult::metrics)
                .findFirst().orElse(null);
        String req = first == null || first.request() == null ? "first request" : first.request().traffic();
        String bulk = first == null || first.bulk() == null ? "bulk" : first.bulk().traffic();

        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("");
        c.designs().forEach(d -> header.add(d.design()));
        rows.add(header.toArray(new String[0]));
        row(rows, c, "status", null);
        row(rows, c, "tunnel", m -> m.tunnels().isEmpty() ? "none" : String.join("+", m.tunnels()));
        row(rows, c, "overhead per packet", m -> m.overheadBytes() + " B");
        row(rows, c, "pod MTU", m -> range(m.podMtuMin(), m.podMtuMax()));
        row(rows, c, "underlay MTU", m -> String.valueOf(m.underlayMtu()));
        row(rows, c, "hops (" + req + ")", m -> m.request() == null ? "n/a" : String.valueOf(m.request().hops()));
        row(rows, c, "latency (" + req + ")", m -> latency(m.request()));
        row(rows, c, "latency, warm caches", m -> latency(m.warmRequest()));
        row(rows, c, "goodput (" + bulk + ")", m -> m.bulk() == null ? "n/a"
                : m.bulk().goodputBitsPerSecond() >= 0 ? Sizes.rate(m.bulk().goodputBitsPerSecond()) : m.bulk().outcome());
        row(rows, c, "bulk transfer time", m -> m.bulk() == null ? "n/a"
                : m.bulk().transferNanos() >= 0 ? Durations.format(m.bulk().transferNanos()) : m.bulk().outcome());
        boolean perf = c.designs().stream().anyMatch(d -> d.metrics() != null && d.metrics().performance() != null
                && (d.metrics().performance().rr() != null || d.metrics().performance().multi() != null));
        if (perf) {
            row(rows, c, "RR p50 / p90 / p99 (64 B)", m -> m.performance() == null || m.performance().rr() == null ? "n/a"
                    : m.performance().rr().count() == 0 ? "none" : Durations.format(m.performance().rr().p50Nanos()) + " / "
                    + Durations.format(m.performance().rr().p90Nanos()) + " / " + Durations.format(m.performance().rr().p99Nanos()));
            row(rows, c, "CPU per node (" + bulk + ")", m -> m.performance() == null || m.performance().single() == null ? "n/a"
                    : cpu(m.performance().single()));
            row(rows, c, "top CPU steps (" + bulk + ")", m -> m.performance() == null || m.performance().single() == null
                    ? "n/a" : steps(m.performance().single()));
            row(rows, c, "goodput, N streams", m -> m.performance() == null || m.performance().multi() == null ? "n/a"
                    : m.performance().multi().streams() + " x: " + (m.performance().multi().goodputBitsPerSecond() >= 0
                    ? Sizes.rate(m.performance().multi().goodputBitsPerSecond()) : "not delivered"));
            row(rows, c, "CPU per node, N streams", m -> m.performance() == null || m.performance().multi() == null ? "n/a"
                    : cpu(m.performance().multi()));
        }
        row(rows, c, "routes per node", m -> spread(m.routesPerNode().values()));
        row(rows, c, "FIB entries per node", m -> spread(m.fibPerNode().values()));
        row(rows, c, "BGP sessions per node", m -> spread(m.bgpSessionsPerNode().values()));
        row(rows, c, "BGP sessions total", m -> String.valueOf(m.bgpSessionsTotal()));
        row(rows, c, "convergence after node failure", ComparisonText::convergence);
        row(rows, c, "every subnet crossed", ComparisonText::subnets);
        row(rows, c, "traffic delivered", m -> m.delivered() + "/" + m.attempts());
        row(rows, c, "expectations hold", m -> m.expectationsHeld() + "/" + m.expectations());

        int cols = header.size();
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                line.append(r[i]);
                if (i < cols - 1) {
                    line.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }

        List<String> notes = new ArrayList<>();
        for (DesignResult d : c.designs()) {
            if (d.status() != DesignResult.Status.OK) {
                notes.add(d.design() + ": " + status(d) + ": " + d.message());
            } else if (d.metrics().convergence().kind() != DesignMetrics.Convergence.Kind.STATIC) {
                notes.add(d.design() + ": convergence: " + d.metrics().convergence().detail());
            }
        }
        if (c.curve() != null) {
            sb.append("\nnew connection to the last Service (kube-proxy ").append(c.curve().mode()).append(", ")
                    .append(c.curve().design()).append(", two-node reference topology; SYN to SYN-ACK at the client):\n");
            for (Comparison.Point p : c.curve().points()) {
                sb.append(String.format(java.util.Locale.ROOT, "  %6d Services  %12s  %7d iptables rules evaluated%n",
                        p.services(), p.nanos() < 0 ? "not connected" : Durations.format(p.nanos()), p.rules()));
            }
        }
        if (perf) {
            sb.append("\nsimulated under cost profile '").append(c.profile()).append("'\n");
        }
        if (!notes.isEmpty()) {
            sb.append("\nnotes:\n");
            notes.forEach(n -> sb.append("  ").append(n).append('\n'));
        }
        return sb.toString();
    }

    private static void row(List<String[]> rows, Comparison c, String label, Function<DesignMetrics, String> cell) {
        String[] r = new String[c.designs().size() + 1];
        r[0] = label;
        for (int i = 0; i < c.designs().size(); i++) {
            DesignResult d = c.designs().get(i);
            r[i + 1] = cell == null ? status(d) : d.metrics() == null ? "-" : cell.apply(d.metrics());
        }
        rows.add(r);
    }

    static String status(DesignResult d) {
        switch (d.status()) {
            case OK:
                return "ok";
            case NOT_SUPPORTED:
                return "not supported yet";
            default:
                return "failed";
        }
    }

    private static String latency(DesignMetrics.FlowFigures f) {
        return f == null ? "n/a" : f.latencyNanos() >= 0 ? Durations.format(f.latencyNanos()) : f.outcome();
    }

    /** {@code node1 93% node2 61%}: busy time over the transfer's time and the node's CPUs. */
    static String cpu(DesignMetrics.StreamFigures f) {
        List<String> out = new ArrayList<>();
        f.cpuPerNode().forEach((n, u) -> out.add(n + " " + Math.round(u * 100) + "%"));
        return String.join(" ", out);
    }

    /** The three steps that took most CPU, with their share. */
    static String steps(DesignMetrics.StreamFigures f) {
        long total = f.totalStepNanos();
        List<String> out = new ArrayList<>();
        f.stepNanos().entrySet().stream().limit(3).forEach(e -> out.add(e.getKey() + " "
                + (total == 0 ? 0 : Math.round(100.0 * e.getValue() / total)) + "%"));
        return out.isEmpty() ? "none charged" : String.join(", ", out);
    }

    private static String range(int min, int max) {
        return min == max ? String.valueOf(min) : min + "-" + max;
    }

    /** {@code 4} when every node has the same value, else {@code min-max}. */
    static String spread(Collection<Integer> values) {
        if (values.isEmpty()) {
            return "n/a";
        }
        int min = values.stream().mapToInt(Integer::intValue).min().getAsInt();
        int max = values.stream().mapToInt(Integer::intValue).max().getAsInt();
        return range(min, max);
    }

    private static String convergence(DesignMetrics m) {
        DesignMetrics.Convergence cv = m.convergence();
        switch (cv.kind()) {
            case MEASURED:
                return Durations.format(cv.nanos());
            case STATIC:
                return "n/a (static routes)";
            default:
                return "not observed";
        }
    }

    private static String subnets(DesignMetrics m) {
        DesignMetrics.Subnets s = m.subnets();
        if (s.subnets().size() <= 1) {
            return "yes (1 subnet)";
        }
        if (s.probes() == 0) {
            return "n/a (no pods in two subnets)";
        }
        return (s.allCrossed() ? "yes" : "no") + " (" + s.crossed() + "/" + s.probes() + " probes, "
                + s.subnets().size() + " subnets)";
    }
}
