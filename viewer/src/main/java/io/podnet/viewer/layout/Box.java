package io.podnet.viewer.layout;

/** An axis-aligned rectangle in layout coordinates. */
public record Box(double x, double y, double w, double h) {
    public Pt centre() {
        return new Pt(x + w / 2, y + h / 2);
    }

    public double right() {
        return x + w;
    }

    public double bottom() {
        return y + h;
    }

    public boolean overlaps(Box o) {
        return x < o.right() && o.x < right() && y < o.bottom() && o.y < bottom();
    }

    public boolean contains(Box o) {
        return o.x >= x && o.y >= y && o.right() <= right() && o.bottom() <= bottom();
    }

    public boolean contains(Pt p) {
        return p.x() >= x && p.y() >= y && p.x() <= right() && p.y() <= bottom();
    }
}
