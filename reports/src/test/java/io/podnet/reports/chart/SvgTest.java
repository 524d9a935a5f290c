package io.podnet.reports.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jfree.chart.ChartFactory;
import org.jfree.data.general.DefaultPieDataset;
import org.junit.jupiter.api.Test;

class SvgTest {
    @Test
    void escapesTextAndAttributesAndRoundsNumbers() {
        String s = new Svg(100, 50, "a \"b\" <c>").text(1.25, 2, "x < y & z", "middle", "#000")
                .line(0, 0, 10.04, 3.96, "#111", 1, "").end();
        assertTrue(s.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"a &quot;b&quot;"
                + " &lt;c&gt;\""), s);
        assertTrue(s.contains(">x &lt; y &amp; z</text>"), s);
        assertTrue(s.contains("x=\"1.3\" y=\"2\""), s);
        assertTrue(s.contains("x2=\"10\" y2=\"4\""), s);
        assertTrue(s.endsWith("</svg>\n"), s);
    }

    @Test
    void endedBuilderRefusesMore() {
        Svg svg = new Svg(1, 1, "x");
        svg.end();
        assertThrows(IllegalStateException.class, () -> svg.text(0, 0, "late", "start", "#000"));
    }

    @Test
    void chartsAreInlineSvgAndDeterministic() {
        DefaultPieDataset<String> ds = new DefaultPieDataset<>();
        ds.setValue("a", 1);
        ds.setValue("b", 2);
        String one = Charts.svg(ChartFactory.createPieChart("t", ds), "pie", 300, 200);
        String two = Charts.svg(ChartFactory.createPieChart("t", ds), "pie", 300, 200);
        assertTrue(one.startsWith("<svg "), one);
        assertTrue(one.contains("<path"), one);
        assertEquals(one, two);
    }
}
