package io.podnet.sweep;

import io.podnet.cli.AtomicFiles;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/** The sweep's text summary (standard output) and its self-contained HTML page with SVG charts. */
public final class SweepReport {
    private SweepReport() {}

    /** What {@code podnet sweep} prints: the outputs, the cells that failed, the summary, the verdicts. */
    public static String text(SweepSpec sw, SparkSweep.Result r, List<SweepChecks.Verdict> verdicts, Path out) {
        StringBuilder b = new StringBuilder();
        long failed = r.cells().stream().filter(c -> c.error() != null).count();
        b.append("sweep ").append(sw.name()).append(": ").append(r.cells().size()).append(" cells, ").append(failed)
                .append(" failed, ").append(String.format(Locale.ROOT, "%.1f s (Spark start %.1f s, cells %.1f s, tables %.1f s)", r.wallNanos() / 1e9,
                        r.startNanos() / 1e9, r.cellsNanos() / 1e9, r.tablesNanos() / 1e9)).append('\n');
        b.append("  rows: ").append(out.resolve("cells.parquet")).append(", ").append(out.resolve("cells.csv")).append('\n');
        b.append("  summary: ").append(out.resolve("summary.csv")).append("; charts: ").append(out.resolve("sweep.html"))
                .append('\n');
        for (CellResult c : r.cells()) {
            if (c.error() != null) {
                b.append("  cell ").append(c.index()).append(" failed: ").append(c.error()).append('\n');
            }
        }
        List<String> keys = groupKeys(sw);
        b.append('\n');
        b.append(String.format(Locale.ROOT, "%-40s %-28s %5s %12s %12s %12s %12s %12s %12s%n", "metric",
                String.join(",", keys), "n", "mean", "p50", "p90", "p99", "min", "max"));
        for (SparkSweep.SummaryRow s : r.summary()) {
            b.append(String.format(Locale.ROOT, "%-40s %-28s %5d %12s %12s %12s %12s %12s %12s%n", s.metric(),
                    String.join(",", s.group()), s.count(), num(s.mean()), num(s.p50()), num(s.p90()), num(s.p99()),
                    num(s.min()), num(s.max())));
        }
        if (!verdicts.isEmpty()) {
            b.append('\n').append("expectations:\n");
            for (SweepChecks.Verdict v : verdicts) {
                b.append("  ").append(v.render()).append('\n');
            }
        }
        return b.toString();
    }

    static List<String> groupKeys(SweepSpec sw) {
        return sw.axes().stream().map(SweepSpec.Axis::key).filter(k -> !k.equals("seed")).toList();
    }

    static String num(Double d) {
        if (d == null) {
            return "-";
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : String.format(Locale.ROOT, "%.4g", d);
    }

    /** Writes the HTML page (atomically): the verdicts, one SVG chart per metric, the summary table. */
    public static void writeHtml(Path file, SweepSpec sw, SparkSweep.Result r, List<SweepChecks.Verdict> verdicts)
            throws IOException {
        String html = html(sw, r, verdicts);
        AtomicFiles.write(file, o -> o.write(html.getBytes(StandardCharsets.UTF_8)));
    }

    static String html(SweepSpec sw, SparkSweep.Result r, List<SweepChecks.Verdict> verdicts) {
        System.setProperty("java.awt.headless", "true");
        List<String> keys = groupKeys(sw);
        boolean bySeed = sw.axes().stream().anyMatch(a -> a.key().equals("seed"));
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>podnet sweep ")
                .append(esc(sw.name())).append("</title>\n<style>body{font-family:sans-serif;margin:2em}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}"
                        + ".fail{color:#b00}.ok{color:#070}.chart{display:inline-block;margin:4px}</style></head><body>\n");
        long failed = r.cells().stream().filter(c -> c.error() != null).count();
        b.append("<h1>podnet sweep ").append(esc(sw.name())).append("</h1>\n<p>").append(r.cells().size())
                .append(" cells (").append(failed).append(" failed) of ").append(esc(sw.scenario().getFileName().toString()))
                .append("; grid: ");
        List<String> axes = new ArrayList<>();
        for (SweepSpec.Axis a : sw.axes()) {
            axes.add(esc(a.key()) + " &times; " + a.values().size());
        }
        b.append(String.join(", ", axes)).append("; podnet ").append(esc(CellRunner.VERSION)).append("</p>\n");
        if (!verdicts.isEmpty()) {
            b.append("<h2>Expectations</h2>\n<ul>\n");
            for (SweepChecks.Verdict v : verdicts) {
                b.append("<li class=\"").append(v.holds() ? "ok" : "fail").append("\">").append(esc(v.render())).append("</li>\n");
            }
            b.append("</ul>\n");
        }
        b.append("<h2>Charts</h2>\n<p>One chart per metric; x: ").append(bySeed ? "seed" : "cell")
                .append("; one line per ").append(keys.isEmpty() ? "sweep" : esc(String.join(" × ", keys))).append(".</p>\n");
        for (String m : SparkSweep.summaryMetrics(schemaOf(r))) {
            b.append("<div class=\"chart\">").append(chart(m, r, keys, bySeed)).append("</div>\n");
        }
        b.append("<h2>Summary per group</h2>\n<table><tr><th>metric</th>");
        for (String k : keys) {
            b.append("<th>").append(esc(k)).append("</th>");
        }
        b.append("<th>n</th><th>mean</th><th>p50</th><th>p90</th><th>p99</th><th>min</th><th>max</th></tr>\n");
        for (SparkSweep.SummaryRow s : r.summary()) {
            b.append("<tr><td style=\"text-align:left\">").append(esc(s.metric())).append("</td>");
            for (String g : s.group()) {
                b.append("<td>").append(esc(g)).append("</td>");
            }
            b.append("<td>").append(s.count()).append("</td>");
            for (Double d : new Double[] {s.mean(), s.p50(), s.p90(), s.p99(), s.min(), s.max()}) {
                b.append("<td>").append(num(d)).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n</body></html>\n");
        return b.toString();
    }

    private static org.apache.spark.sql.types.StructType schemaOf(SparkSweep.Result r) {
        return SparkSweep.schema(r.cells());
    }

    private static String chart(String metric, SparkSweep.Result r, List<String> keys, boolean bySeed) {
        Map<String, XYSeries> series = new LinkedHashMap<>();
        for (CellResult c : r.cells()) {
            List<String> g = new ArrayList<>();
            for (String k : keys) {
                g.add(String.valueOf(c.columns().get(k)));
            }
            String name = keys.isEmpty() ? "all" : String.join(" ", g);
            XYSeries s = series.computeIfAbsent(name, n -> new XYSeries(n, true, true));
            Object v = c.columns().get(metric);
            Object x = bySeed ? c.columns().get("seed") : Long.valueOf(c.index());
            if (v instanceof Number n && x instanceof Number xn) {
                s.addOrUpdate(xn.doubleValue(), n.doubleValue());
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        JFreeChart ch = ChartFactory.createXYLineChart(metric, bySeed ? "seed" : "cell", metric, data,
                PlotOrientation.VERTICAL, true, false, false);
        SVGGraphics2D g2 = new SVGGraphics2D(520, 320);
        ch.draw(g2, new Rectangle(0, 0, 520, 320));
        return g2.getSVGElement();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
