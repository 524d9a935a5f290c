package io.podnet.reports.chart;

import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.title.LegendTitle;
import org.jfree.svg.SVGGraphics2D;

/** A JFreeChart chart as an inline {@code <svg>} element. */
public final class Charts {
    private Charts() {}

    static {
        // AWT text metrics without a display (CI, the shared build machine)
        System.setProperty("java.awt.headless", "true");
    }

    /**
     * The chart drawn at {@code width x height} as an {@code <svg>} element whose defs (clip paths,
     * gradients) are prefixed with {@code id}, so several charts can share one page.
     */
    public static String svg(JFreeChart chart, String id, int width, int height) {
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        }
        chart.setElementHinting(false);
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix(id);
        chart.draw(g, new Rectangle(0, 0, width, height));
        return g.getSVGElement(id);
    }
}
