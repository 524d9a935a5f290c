package io.podnet.viewer.model;

/**
 * Flow colours from the Okabe–Ito palette, which stays distinguishable for the common forms of
 * colour blindness. Each flow also gets a marker shape, so colour is never the only cue.
 */
public final class FlowPalette {
    /** Okabe–Ito, ordered for contrast on a light background (yellow and black last). */
    private static final String[] COLOURS = {
        "#0072B2", // blue
        "#E69F00", // orange
        "#009E73", // bluish green
        "#CC79A7", // reddish purple
        "#D55E00", // vermillion
        "#56B4E9", // sky blue
        "#F0E442", // yellow
        "#000000", // black
    };

    /** Marker shapes, cycled independently of the colours. */
    public enum Shape { CIRCLE, SQUARE, DIAMOND, TRIANGLE }

    public static final String HIGHLIGHT = "#F0E442";
    public static final String DROP = "#D55E00";

    private FlowPalette() {}

    /** The colour of the {@code index}-th flow ({@code -1}: a neutral grey). */
    public static String colour(int index) {
        return index < 0 ? "#666666" : COLOURS[index % COLOURS.length];
    }

    public static Shape shape(int index) {
        Shape[] s = Shape.values();
        return index < 0 ? Shape.CIRCLE : s[(index / COLOURS.length + index) % s.length];
    }

    public static int size() {
        return COLOURS.length;
    }
}
