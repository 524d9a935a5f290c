package io.podnet.viewer.ui;

import io.podnet.sim.trace.EventKind;
import io.podnet.viewer.model.EventFilter;
import io.podnet.viewer.model.Topology;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;

/** The event list's filter bar: flow, node, kind, protocol, and ARP and the control plane as steps of their own. */
public final class EventFilterBar extends FlowPane {
    static final String ANY_FLOW = "all flows";
    static final String ANY_NODE = "all nodes";
    static final String ANY_KIND = "all kinds";
    static final String ANY_PROTOCOL = "all protocols";
    private final ComboBox<String> flow = new ComboBox<>();
    private final ComboBox<String> node = new ComboBox<>();
    private final ComboBox<String> kind = new ComboBox<>();
    private final ComboBox<String> protocol = new ComboBox<>();
    private final CheckBox arp = new CheckBox("ARP steps");
    private final CheckBox control = new CheckBox("control plane");
    private final Runnable onChange;
    private boolean quiet;

    public EventFilterBar(Runnable onChange) {
        this.onChange = onChange;
        setId("event-filter");
        getStyleClass().add("filter-bar");
        // Wraps instead of truncating its choices at large font scales.
        setHgap(8);
        setVgap(4);
        setAlignment(Pos.CENTER_LEFT);
        flow.setId("filter-flow");
        node.setId("filter-node");
        kind.setId("filter-kind");
        protocol.setId("filter-protocol");
        arp.setId("filter-arp");
        control.setId("filter-control");
        List<String> kinds = new ArrayList<>();
        kinds.add(ANY_KIND);
        for (EventKind k : EventKind.values()) {
            kinds.add(k.name());
        }
        kind.getItems().setAll(kinds);
        List<String> protos = new ArrayList<>();
        protos.add(ANY_PROTOCOL);
        protos.addAll(EventFilter.PROTOCOLS);
        protocol.getItems().setAll(protos);
        setChoices(List.of(), null);
        for (ComboBox<String> c : List.of(flow, node, kind, protocol)) {
            c.valueProperty().addListener((o, a, b) -> changed());
        }
        arp.selectedProperty().addListener((o, a, b) -> changed());
        control.selectedProperty().addListener((o, a, b) -> changed());
        Label title = new Label("Filter:");
        title.getStyleClass().add("heading");
        getChildren().addAll(title, flow, node, kind, protocol, arp, control);
    }

    private void changed() {
        if (!quiet) {
            onChange.run();
        }
    }

    /** The flows and nodes of a run; the filter is reset. */
    public void setChoices(List<String> flows, Topology topo) {
        quiet = true;
        try {
            List<String> f = new ArrayList<>();
            f.add(ANY_FLOW);
            f.addAll(flows);
            flow.getItems().setAll(f);
            List<String> n = new ArrayList<>();
            n.add(ANY_NODE);
            if (topo != null) {
                for (Topology.Host h : topo.hosts()) {
                    n.add(h.name());
                }
            }
            node.getItems().setAll(n);
            flow.setValue(ANY_FLOW);
            node.setValue(ANY_NODE);
            kind.setValue(ANY_KIND);
            protocol.setValue(ANY_PROTOCOL);
            arp.setSelected(false);
            control.setSelected(false);
        } finally {
            quiet = false;
        }
    }

    /** The filter now chosen. */
    public EventFilter filter() {
        return new EventFilter(pick(flow, ANY_FLOW), pick(node, ANY_NODE),
                pick(kind, ANY_KIND) == null ? null : EventKind.valueOf(kind.getValue()), pick(protocol, ANY_PROTOCOL),
                arp.isSelected(), control.isSelected());
    }

    /** Sets the filter (null criteria: any). */
    public void set(EventFilter f) {
        quiet = true;
        try {
            flow.setValue(f.flow() == null ? ANY_FLOW : f.flow());
            node.setValue(f.node() == null ? ANY_NODE : f.node());
            kind.setValue(f.kind() == null ? ANY_KIND : f.kind().name());
            protocol.setValue(f.protocol() == null ? ANY_PROTOCOL : f.protocol());
            arp.setSelected(f.arp());
            control.setSelected(f.control());
        } finally {
            quiet = false;
        }
        onChange.run();
    }

    private static String pick(ComboBox<String> c, String any) {
        String v = c.getValue();
        return v == null || v.equals(any) ? null : v;
    }
}
