package io.podnet.viewer.ui;

import io.podnet.viewer.model.FlowPalette;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.FlowPane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.Shape;

/** What the colours, shapes and lines of the topology mean; flows are listed with their marker. */
public final class Legend extends FlowPane {
    static final int MAX_FLOWS = 8;

    public Legend() {
        super(14, 2);
        getStyleClass().add("legend");
        setId("legend");
        setMouseTransparent(true);
    }

    public void setFlows(List<String> flows) {
        getChildren().clear();
        Label t = new Label("Legend:");
        t.getStyleClass().add("heading");
        getChildren().add(t);
        for (int i = 0; i < Math.min(MAX_FLOWS, flows.size()); i++) {
            Shape m = TopologyView.marker(i);
            m.setScaleX(0.8);
            m.setScaleY(0.8);
            getChildren().add(row(m, "flow " + flows.get(i)));
        }
        if (flows.size() > MAX_FLOWS) {
            getChildren().add(new Label("… " + (flows.size() - MAX_FLOWS) + " more flows (colours repeat, shapes differ)"));
        }
        getChildren().add(row(box("#e3f0fa", "#0072B2"), "pod (its eth0 inside)"));
        getChildren().add(row(box("#cfeadf", "#009E73"), "bridge (cni0)"));
        getChildren().add(row(box("#fbe3bb", "#E69F00"), "tunnel device (VXLAN)"));
        getChildren().add(row(box("#d6d6d6", "#263238"), "node NIC"));
        getChildren().add(row(line("#555555", 2, false), "veth pair / bridge port"));
        getChildren().add(row(line("#444444", 4, false), "underlay network"));
        getChildren().add(row(line("#E69F00", 2.5, true), "tunnel (VXLAN over the underlay)"));
        Rectangle focus = new Rectangle(16, 12, Color.web(FlowPalette.HIGHLIGHT, 0.35));
        focus.setStroke(Color.BLACK);
        focus.getStrokeDashArray().setAll(4.0, 2.0);
        getChildren().add(row(focus, "where the current hop happens"));
        Line path = new Line(0, 0, 22, 0);
        path.setStrokeWidth(6);
        path.setStroke(Color.web(FlowPalette.colour(0)));
        path.setOpacity(0.55);
        getChildren().add(row(path, "selected packet's path (dotted: still to come)"));
    }

    private static HBox row(Node n, String text) {
        HBox h = new HBox(6);
        h.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox icon = new HBox(n);
        icon.setMinWidth(24);
        icon.setAlignment(javafx.geometry.Pos.CENTER);
        h.getChildren().addAll(icon, new Label(text));
        return h;
    }

    private static Rectangle box(String fill, String stroke) {
        Rectangle r = new Rectangle(18, 12, Color.web(fill));
        r.setStroke(Color.web(stroke));
        r.setStrokeWidth(1.5);
        return r;
    }

    private static Line line(String colour, double w, boolean dashed) {
        Line l = new Line(0, 0, 22, 0);
        l.setStroke(Color.web(colour));
        l.setStrokeWidth(w);
        if (dashed) {
            l.getStrokeDashArray().setAll(6.0, 4.0);
        }
        return l;
    }
}
