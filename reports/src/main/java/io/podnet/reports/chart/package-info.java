/**
 * Pictures for podnet's HTML pages, as inline SVG text (no scripts, no external references, so a page
 * works offline and from a CI artifact). {@link io.podnet.reports.chart.Charts} draws a JFreeChart chart
 * through JFreeSVG's {@code SVGGraphics2D} (headless AWT); {@link io.podnet.reports.chart.Svg} is a small
 * element builder for diagrams no charting library draws (ladder diagrams, the topology picture): it
 * escapes every text and attribute value it writes. Both are deterministic: the same input gives the same
 * bytes (element ids come from the caller's prefix, never from a clock or a counter shared between
 * calls).
 */
package io.podnet.reports.chart;
