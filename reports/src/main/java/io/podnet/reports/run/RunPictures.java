package io.podnet.reports.run;

import io.podnet.reports.chart.Charts;
import io.podnet.reports.chart.Svg;
import io.podnet.sim.engine.Durations;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The pictures of a run report: a ladder diagram per flow (drawn with {@link Svg}: no charting library
 * draws sequence diagrams), and charts drawn by JFreeChart (latency per flow, time per hop).
 */
final class RunPictures {
    /** Ladder rows drawn at most; the rest are counted under the diagram. */
    static final int MAX_LADDER_ROWS = 60;

    private static final int LANE_W = 150;
    private static final int TIME_W = 90;
    private static final int HEAD_H = 40;
    private static final int ROW_H = 24;

    private RunPictures() {}

    /**
     * A ladder (sequence) diagram: one vertical lifeline per namespace, in the order the flow first reached
     * it; one row per packet move (an arrow from lane to lane, labelled with the packet and the simulated
     * time it arrived); a drop is a red cross on its lane. {@code id} makes the element unique on the page.
     */
    static String ladder(RunReport.FlowRow f, String id) {
        List<String> lanes = new ArrayList<>();
        for (RunReport.LadderHop h : f.ladder()) {
            if (!lanes.contains(h.from())) {
                lanes.add(h.from());
            }
            if (!lanes.contains(h.to())) {
                lanes.add(h.to());
            }
        }
        if (lanes.isEmpty()) {
            return "";
        }
        List<RunReport.LadderHop> rows = f.ladder().size() > MAX_LADDER_ROWS
                ? f.ladder().subList(0, MAX_LADDER_ROWS) : f.ladder();
        int width = TIME_W + lanes.size() * LANE_W + 10;
        int height = HEAD_H + rows.size() * ROW_H + 20;
        Svg svg = new Svg(width, height, "ladder diagram of flow " + f.flow());
        svg.raw("<g class=\"ladder\" id=\"" + Svg.esc(id) + "\">\n");
        svg.text(4, 24, "time", "start", "#555");
        for (int i = 0; i < lanes.size(); i++) {
            double x = laneX(i);
            svg.rect(x - LANE_W / 2.0 + 6, 8, LANE_W - 12, 24, "#eef3fa", "#4a7ebb");
            svg.text(x, 25, shorten(lanes.get(i), 20), "middle", "#222");
            svg.line(x, 32, x, height - 8, "#999", 1, "stroke-dasharray=\"4 3\"");
        }
        for (int r = 0; r < rows.size(); r++) {
            RunReport.LadderHop h = rows.get(r);
            double y = HEAD_H + r * ROW_H + 16;
            svg.text(4, y + 4, Durations.format(h.arrivedNanos()), "start", "#555");
            double x1 = laneX(lanes.indexOf(h.from()));
            if (h.drop()) {
                svg.path("M" + (x1 - 6) + " " + (y - 6) + " L" + (x1 + 6) + " " + (y + 6) + " M" + (x1 - 6) + " "
                        + (y + 6) + " L" + (x1 + 6) + " " + (y - 6), "#b00020", 3, "none");
                svg.text(x1 + 10, y + 4, h.packet() + " dropped", "start", "#b00020");
                continue;
            }
            double x2 = laneX(lanes.indexOf(h.to()));
            double dir = Math.signum(x2 - x1);
            String colour = dir > 0 ? "#1f5fa8" : "#2d8a3e";
            svg.line(x1, y, x2 - dir * 2, y, colour, 1.6, "");
            svg.path("M" + (x2) + " " + y + " L" + (x2 - dir * 8) + " " + (y - 4) + " L" + (x2 - dir * 8) + " "
                    + (y + 4) + " Z", colour, 1, colour);
            svg.text((x1 + x2) / 2, y - 4, h.packet(), "middle", "#222");
        }
        if (f.ladder().size() > rows.size()) {
            svg.text(4, height - 4, "… and " + (f.ladder().size() - rows.size()) + " more moves", "start", "#555");
        }
        svg.raw("</g>\n");
        return svg.end();
    }

    private static double laneX(int i) {
        return TIME_W + i * LANE_W + LANE_W / 2.0;
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /**
     * The cluster as a layered picture: one box per node (name, underlay address, pod CIDR) with its pods
     * inside (name, IP), all nodes on one underlay line below. A simple layered layout of its own: the
     * viewer's {@code TopologyLayout} lives in the JavaFX module, which reports does not depend on.
     */
    static String topology(RunReport r) {
        if (r.nodes().isEmpty()) {
            return "";
        }
        int nodeW = 210;
        int gap = 30;
        int podH = 34;
        int maxPods = 0;
        for (RunReport.NodeRow n : r.nodes()) {
            maxPods = Math.max(maxPods, podsOn(r, n.name()).size());
        }
        int boxH = 56 + Math.max(1, maxPods) * podH;
        int width = 20 + r.nodes().size() * (nodeW + gap);
        int underlayY = 20 + boxH + 40;
        int height = underlayY + 30;
        Svg svg = new Svg(width, height, "cluster topology: " + r.nodes().size() + " nodes, " + r.pods().size()
                + " pods");
        svg.line(10, underlayY, width - 10, underlayY, "#555", 3, "");
        svg.text(12, underlayY + 18, "underlay", "start", "#555");
        for (int i = 0; i < r.nodes().size(); i++) {
            RunReport.NodeRow n = r.nodes().get(i);
            double x = 20 + i * (nodeW + gap);
            svg.line(x + nodeW / 2.0, 20 + boxH, x + nodeW / 2.0, underlayY, "#555", 2, "");
            svg.text(x + nodeW / 2.0 + 6, underlayY - 8, n.address(), "start", "#555");
            svg.rect(x, 20, nodeW, boxH, "#f4f6f9", "#4a7ebb");
            svg.text(x + 10, 40, n.name(), "start", "#222");
            svg.text(x + 10, 56, n.podCidr().isEmpty() ? "" : "pods " + n.podCidr(), "start", "#555");
            List<RunReport.PodRow> pods = podsOn(r, n.name());
            for (int j = 0; j < pods.size(); j++) {
                RunReport.PodRow p = pods.get(j);
                double y = 66 + j * podH;
                svg.rect(x + 10, y, nodeW - 20, podH - 6, p.hostNetwork() ? "#fff4e0" : "#e6f2e8",
                        p.hostNetwork() ? "#e08a2c" : "#2d8a3e");
                svg.text(x + 16, y + 12, shorten(p.name(), 28), "start", "#222");
                svg.text(x + 16, y + 24, p.ip() + (p.hostNetwork() ? " (hostNetwork)" : ""), "start", "#555");
            }
        }
        return svg.end();
    }

    private static List<RunReport.PodRow> podsOn(RunReport r, String node) {
        return r.pods().stream().filter(p -> node.equals(p.node())).toList();
    }

    /** Each delivered flow's latency as a horizontal bar chart, or empty when nothing was delivered. */
    static String latencyChart(RunReport r) {
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        for (RunReport.FlowRow f : r.flows()) {
            if (f.latencyNanos() >= 0) {
                ds.addValue(f.latencyNanos() / 1000.0, "latency", f.flow());
            }
        }
        if (ds.getColumnCount() == 0) {
            return "";
        }
        JFreeChart chart = ChartFactory.createBarChart("Latency per delivered flow", "flow", "latency (µs)", ds,
                PlotOrientation.HORIZONTAL, false, false, false);
        flat(chart);
        return Charts.svg(chart, "latency", 760, 110 + 30 * ds.getColumnCount());
    }

    /**
     * The flow's first packet: time spent in each namespace, and the CPU time the cost model charged there
     * (a second series, only when some was charged).
     */
    static String hopTimeChart(RunReport.FlowRow f, String id) {
        if (f.hopTimes().isEmpty()) {
            return "";
        }
        boolean cpu = f.hopTimes().stream().anyMatch(h -> h.cpuNanos() > 0);
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        for (int i = 0; i < f.hopTimes().size(); i++) {
            RunReport.HopTime h = f.hopTimes().get(i);
            String hop = (i + 1) + ". " + h.namespace();
            ds.addValue(h.elapsedNanos() / 1000.0, "time there (until the next hop)", hop);
            if (cpu) {
                ds.addValue(h.cpuNanos() / 1000.0, "CPU charged (cost model)", hop);
            }
        }
        String first = f.ladder().isEmpty() ? "first packet" : f.ladder().get(0).packet();
        JFreeChart chart = ChartFactory.createBarChart("Time per hop: " + first, "hop", "µs", ds,
                PlotOrientation.HORIZONTAL, true, false, false);
        flat(chart);
        return Charts.svg(chart, id, 760, 140 + (cpu ? 44 : 28) * f.hopTimes().size());
    }

    private static void flat(JFreeChart chart) {
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xcccccc));
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, new Color(0x4a7ebb));
        renderer.setSeriesPaint(1, new Color(0xe08a2c));
    }
}
