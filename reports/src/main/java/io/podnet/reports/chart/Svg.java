package io.podnet.reports.chart;

import java.util.Locale;

/**
 * A minimal SVG writer: each call appends one element; text and attribute values are escaped. Numbers
 * are written with at most one decimal, in the ROOT locale.
 */
public final class Svg {
    private final StringBuilder sb = new StringBuilder();
    private boolean closed;

    /** Opens {@code <svg>} of the given size with an accessible label. */
    public Svg(int width, int height, String label) {
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"").append(esc(label))
                .append("\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        sb.append("<title>").append(esc(label)).append("</title>\n");
    }

    /** Adds raw markup the caller built from this class (e.g. {@code <defs>}); not escaped. */
    public Svg raw(String markup) {
        check();
        sb.append(markup);
        return this;
    }

    public Svg line(double x1, double y1, double x2, double y2, String stroke, double width, String extra) {
        check();
        sb.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append("\" stroke=\"").append(esc(stroke))
                .append("\" stroke-width=\"").append(n(width)).append('"').append(extra.isEmpty() ? "" : " " + extra)
                .append("/>\n");
        return this;
    }

    public Svg rect(double x, double y, double w, double h, String fill, String stroke) {
        check();
        sb.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append("\" rx=\"4\" fill=\"").append(esc(fill))
                .append("\" stroke=\"").append(esc(stroke)).append("\"/>\n");
        return this;
    }

    /** A path ({@code d} in SVG path syntax). */
    public Svg path(String d, String stroke, double width, String fill) {
        check();
        sb.append("<path d=\"").append(esc(d)).append("\" stroke=\"").append(esc(stroke)).append("\" stroke-width=\"")
                .append(n(width)).append("\" fill=\"").append(esc(fill)).append("\"/>\n");
        return this;
    }

    /** Text; {@code anchor} is start, middle or end. */
    public Svg text(double x, double y, String text, String anchor, String fill) {
        check();
        sb.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" text-anchor=\"")
                .append(esc(anchor)).append("\" fill=\"").append(esc(fill)).append("\">").append(esc(text))
                .append("</text>\n");
        return this;
    }

    /** Closes the element and returns the markup; the builder cannot be used afterwards. */
    public String end() {
        check();
        closed = true;
        sb.append("</svg>\n");
        return sb.toString();
    }

    private void check() {
        if (closed) {
            throw new IllegalStateException("svg already ended");
        }
    }

    /** {@code 12}, {@code 12.5}: at most one decimal. */
    static String n(double v) {
        long tenths = Math.round(v * 10);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : String.format(Locale.ROOT, "%.1f", tenths / 10.0);
    }

    /** Escapes for both text content and attribute values. */
    public static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '<') {
                out.append("&lt;");
            } else if (c == '>') {
                out.append("&gt;");
            } else if (c == '&') {
                out.append("&amp;");
            } else if (c == '"') {
                out.append("&quot;");
            } else if (c == '\'') {
                out.append("&#39;");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
