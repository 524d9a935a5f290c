package io.podnet.viewer.ui;

import io.podnet.viewer.model.DeviceTables;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;

/** A clicked device's tables at the current step: routes, neighbours, FDB, conntrack, counters. */
public final class DeviceTablesView extends ScrollPane {
    private final VBox box = new VBox(3);
    private final Label title = new Label("Click a device, pod or node in the drawing to see its tables at this step.");
    private final List<Label> headings = new ArrayList<>();
    private final List<Label> bodies = new ArrayList<>();
    private DeviceTables shown;

    public DeviceTablesView() {
        setId("device-tables");
        setFitToWidth(true);
        box.setPadding(new Insets(6));
        title.getStyleClass().add("panel-title");
        title.setWrapText(true);
        title.setId("device-tables-title");
        box.getChildren().add(title);
        setContent(box);
    }

    /** Shows the tables; the labels of earlier sections are reused. */
    public void show(DeviceTables t, String when) {
        shown = t;
        title.setText((t.device() == null ? t.namespace() : t.namespace() + "/" + t.device()) + "  —  tables " + when);
        while (headings.size() < t.sections().size()) {
            Label h = new Label();
            h.getStyleClass().add("heading");
            Label b = new Label();
            b.getStyleClass().add("mono");
            headings.add(h);
            bodies.add(b);
            box.getChildren().addAll(h, b);
        }
        for (int i = 0; i < headings.size(); i++) {
            boolean on = i < t.sections().size();
            headings.get(i).setVisible(on);
            headings.get(i).setManaged(on);
            bodies.get(i).setVisible(on);
            bodies.get(i).setManaged(on);
            if (on) {
                DeviceTables.Section s = t.sections().get(i);
                headings.get(i).setText(s.title() + " (" + t.namespace() + ")");
                bodies.get(i).setText(s.lines().isEmpty() ? "(empty)" : String.join("\n", s.lines()));
            }
        }
    }

    /** What is shown, or null before a click. */
    public DeviceTables shown() {
        return shown;
    }
}
