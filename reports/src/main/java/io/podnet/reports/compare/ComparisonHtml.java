package io.podnet.reports.compare;

import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * A comparison as one self-contained HTML page: the text table, then charts drawn by JFreeChart and
 * exported as SVG by JFreeSVG, embedded inline (no script, no external file): request/response
 * percentiles per design, goodput of one and N streams, where the bulk stream's CPU went (per step),
 * and new-connection latency against the number of Services. The same comparison gives the same
 * bytes (the charts have no timestamps and fixed ids).
 */
public final class ComparisonHtml {
    private static final int W = 760;
    private static final int H = 360;

    private ComparisonHtml() {}

    public static String render(Comparison c) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>podnet compare: ")
                .append(esc(c.scenario())).append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:70em}"
                        + "pre{font-size:12px;background:#f6f6f6;padding:1em;overflow-x:auto}figure{margin:1.5em 0}"
                        + "figcaption{color:#444;font-size:14px}</style></head><body>\n");
        b.append("<h1>podnet compare: ").append(esc(c.scenario())).append("</h1>\n<p>").append(esc(c.file()))
                .append(", seed ").append(c.seed()).append(", cost profile <code>").append(esc(c.profile()))
                .append("</code></p>\n");
        int n = 0;
        String rr = rrChart(c);
        if (rr != null) {
            b.append(figure(rr, "Request/response round trips, 64 B each way on an established TCP connection"
                    + " (p50, p90, p99)", n++));
        }
        String gp = goodputChart(c);
        if (gp != null) {
            b.append(figure(gp, "Goodput at saturation: one stream and N parallel streams", n++));
        }
        String cpu = cpuChart(c);
        if (cpu != null) {
            b.append(figure(cpu, "Where the bulk stream's CPU went (all nodes), per step", n++));
        }
        String curve = curveChart(c);
        if (curve != null) {
            b.append(figure(curve, "New-connection latency to the last Service against the number of Services (kube-proxy "
                    + c.curve().mode() + ", " + c.curve().design() + ")", n++));
        }
        b.append("<h2>Every figure</h2>\n<pre>").append(esc(ComparisonText.render(c))).append("</pre>\n</body></html>\n");
        return b.toString();
    }

    private static String figure(String svg, String caption, int n) {
        return "<figure id=\"chart-" + n + "\">" + svg + "<figcaption>" + esc(caption) + "</figcaption></figure>\n";
    }

    private static List<DesignResult> ok(Comparison c) {
        List<DesignResult> out = new ArrayList<>();
        for (DesignResult d : c.designs()) {
            if (d.metrics() != null && d.metrics().performance() != null) {
                out.add(d);
            }
        }
        return out;
    }

    static String rrChart(Comparison c) {
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        for (DesignResult d : ok(c)) {
            DesignMetrics.RrFigures r = d.metrics().performance().rr();
            if (r != null && r.count() > 0) {
                ds.addValue(r.p50Nanos() / 1000.0, "p50", d.design());
                ds.addValue(r.p90Nanos() / 1000.0, "p90", d.design());
                ds.addValue(r.p99Nanos() / 1000.0, "p99", d.design());
            }
        }
        if (ds.getColumnCount() == 0) {
            return null;
        }
        return svg(ChartFactory.createBarChart(null, "design", "round trip (µs)", ds, PlotOrientation.VERTICAL, true,
                false, false), "rr");
    }

    static String goodputChart(Comparison c) {
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        for (DesignResult d : ok(c)) {
            DesignMetrics.Performance p = d.metrics().performance();
            if (p.single() != null && p.single().goodputBitsPerSecond() >= 0) {
                ds.addValue(p.single().goodputBitsPerSecond() / 1e9, "1 stream", d.design());
            }
            if (p.multi() != null && p.multi().goodputBitsPerSecond() >= 0) {
                ds.addValue(p.multi().goodputBitsPerSecond() / 1e9, p.multi().streams() + " streams", d.design());
            }
        }
        if (ds.getColumnCount() == 0) {
            return null;
        }
        return svg(ChartFactory.createBarChart(null, "design", "goodput (Gbit/s)", ds, PlotOrientation.VERTICAL, true,
                false, false), "goodput");
    }

    static String cpuChart(Comparison c) {
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        Map<String, Long> totals = new TreeMap<>();
        for (DesignResult d : ok(c)) {
            DesignMetrics.StreamFigures s = d.metrics().performance().single();
            if (s != null) {
                s.stepNanos().forEach((k, v) -> totals.merge(k, v, Long::sum));
            }
        }
        if (totals.isEmpty()) {
            return null;
        }
        for (DesignResult d : ok(c)) {
            DesignMetrics.StreamFigures s = d.metrics().performance().single();
            if (s == null || s.bytes() == 0) {
                continue;
            }
            for (String step : totals.keySet()) {
                // CPU ns per KiB moved: comparable across designs whatever the transfer size
                ds.addValue(s.stepNanos().getOrDefault(step, 0L) * 1024.0 / s.bytes(), step, d.design());
            }
        }
        return svg(ChartFactory.createStackedBarChart(null, "design", "CPU ns per KiB moved", ds,
                PlotOrientation.VERTICAL, true, false, false), "cpu");
    }

    static String curveChart(Comparison c) {
        if (c.curve() == null) {
            return null;
        }
        XYSeries s = new XYSeries("kube-proxy " + c.curve().mode());
        for (Comparison.Point p : c.curve().points()) {
            if (p.nanos() >= 0) {
                s.add(p.services(), p.nanos() / 1000.0);
            }
        }
        if (s.getItemCount() == 0) {
            return null;
        }
        return svg(ChartFactory.createXYLineChart(null, "Services", "connect() time (µs)", new XYSeriesCollection(s),
                PlotOrientation.VERTICAL, true, false, false), "curve");
    }

    private static String svg(JFreeChart chart, String id) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        SVGGraphics2D g = new SVGGraphics2D(W, H);
        g.setDefsKeyPrefix(id);
        chart.setElementHinting(false);
        chart.draw(g, new Rectangle(0, 0, W, H));
        return g.getSVGElement(id);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
