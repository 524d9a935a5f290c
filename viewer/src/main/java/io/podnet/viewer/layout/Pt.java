package io.podnet.viewer.layout;

/** A point in layout coordinates. */
public record Pt(double x, double y) {
    public Pt lerp(Pt to, double t) {
        return new Pt(x + (to.x - x) * t, y + (to.y - y) * t);
    }

    public double distance(Pt o) {
        return Math.hypot(o.x - x, o.y - y);
    }
}
