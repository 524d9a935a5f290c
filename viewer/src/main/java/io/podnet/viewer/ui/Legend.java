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
        setContents(flows, null);
    }

    /** The flow markers and only the device and link kinds {@code topo} has (all of them when null). */
    public void setContents(List<String> flows, io.podnet.viewer.model.Topology topo) {
        setContents(flows, topo, false);
    }

    /** As {@link #setContents(List, io.podnet.viewer.model.Topology)}, with the BGP entries when the run has sessions. */
    public void setContents(List<String> flows, io.podnet.viewer.model.Topology topo, boolean bgp) {
        boolean bridge = topo == null;
        boolean nic = topo == null;
        boolean veth = topo == null;
        boolean underlay = topo == null || !topo.segments().isEmpty();
        java.util.TreeSet<String> tunnels = new java.util.TreeSet<>();
        java.util.TreeSet<String> bridges = new java.util.TreeSet<>();
        if (topo == null) {
            tunnels.add("VXLAN");
            bridges.add("cni0");
        } else {
            for (var h : topo.hosts()) {
                for (var d : h.bridges()) {
                    bridges.add(d.name());
                }
                for (var d : h.tunnels()) {
                    tunnels.add(tunnelType(d));
                }
                nic |= !h.nics().isEmpty();
                veth |= !h.vethPorts().isEmpty() || !h.pods().isEmpty();
            }
            bridge = !bridges.isEmpty();
        }
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
        if (bridge) {
            getChildren().add(row(box("#cfeadf", "#009E73"), "bridge (" + String.join(", ", bridges) + ")"));
        }
        String tt = String.join(", ", tunnels);
        if (!tunnels.isEmpty()) {
            getChildren().add(row(box("#fbe3bb", "#E69F00"), "tunnel device (" + tt + ")"));
        }
        if (nic) {
            getChildren().add(row(box("#d6d6d6", "#263238"), "node NIC"));
        }
        if (veth) {
            getChildren().add(row(line("#555555", 2, false), bridge ? "veth pair / bridge port" : "veth pair"));
        }
        if (underlay) {
            getChildren().add(row(line("#444444", 4, false), "underlay network"));
        }
        if (!tunnels.isEmpty()) {
            getChildren().add(row(line("#E69F00", 2.5, true), "tunnel (" + tt + " over the underlay)"));
        }
        if (bgp) {
            getChildren().add(row(line("#009E73", 3, false), "BGP session established"));
            Line opening = line("#E69F00", 3, true);
            getChildren().add(row(opening, "BGP session opening"));
            Line failed = line("#D55E00", 3, false);
            failed.getStrokeDashArray().setAll(10.0, 4.0);
            getChildren().add(row(failed, "BGP session failed ✕"));
            Rectangle env = new Rectangle(16, 11, Color.web("#CC79A7"));
            env.setStroke(Color.BLACK);
            getChildren().add(row(env, "BGP message (OPEN, UPDATE, WITHDRAW, KEEPALIVE)"));
        }
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

    private static String tunnelType(io.podnet.viewer.model.Topology.Device d) {
        if (d.config() instanceof io.podnet.sim.config.InterfaceConfig.Vxlan) {
            return "VXLAN";
        }
        String n = d.name();
        if (n.startsWith("tunl")) {
            return "IPIP";
        }
        if (n.startsWith("genev")) {
            return "GENEVE";
        }
        if (n.startsWith("wg") || n.startsWith("flannel-wg")) {
            return "WireGuard";
        }
        return n;
    }

    /** The legend's texts, for tests. */
    public List<String> texts() {
        List<String> out = new java.util.ArrayList<>();
        for (Node n : getChildren()) {
            if (n instanceof Label l) {
                out.add(l.getText());
            } else if (n instanceof HBox h && h.getChildren().get(1) instanceof Label l) {
                out.add(l.getText());
            }
        }
        return out;
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
