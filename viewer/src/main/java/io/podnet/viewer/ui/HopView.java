package io.podnet.viewer.ui;

import io.podnet.viewer.model.HopDiff;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The hop "in / out" view: at this device, layer by layer, what it read, what it wrote and what it
 * changed (Packet Tracer's OSI view of a device). Changed rows are marked like changed fields.
 */
public final class HopView extends ScrollPane {
    static final javafx.css.PseudoClass CHANGED = javafx.css.PseudoClass.getPseudoClass("changed");
    private final Label title = new Label("Hop in / out");
    private final Label ports = new Label();
    private final Label outcome = new Label();
    private final GridPane grid = new GridPane();
    private final List<Label[]> cells = new ArrayList<>();
    private HopDiff shown;

    public HopView() {
        setId("hop-view");
        setFitToWidth(true);
        title.getStyleClass().add("panel-title");
        title.setId("hop-title");
        ports.setWrapText(true);
        outcome.setWrapText(true);
        outcome.getStyleClass().add("where");
        grid.setHgap(8);
        grid.setVgap(2);
        grid.getStyleClass().add("hop-grid");
        ColumnConstraints narrow = new ColumnConstraints();
        ColumnConstraints name = new ColumnConstraints();
        ColumnConstraints wide = new ColumnConstraints();
        wide.setHgrow(Priority.ALWAYS);
        wide.setFillWidth(true);
        grid.getColumnConstraints().setAll(narrow, name, wide, wide, wide);
        String[] head = {"layer", "header", "in (read)", "out (written)", "changed"};
        for (int c = 0; c < head.length; c++) {
            Label l = new Label(head[c]);
            l.getStyleClass().add("heading");
            l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            grid.add(l, c, 0);
        }
        VBox box = new VBox(4, title, ports, grid, outcome);
        box.setPadding(new Insets(6));
        setContent(box);
    }

    /** Shows a hop (null: the step has no packet). */
    public void show(HopDiff h) {
        shown = h;
        if (h == null) {
            title.setText("Hop in / out: this step has no packet");
            ports.setText("");
            outcome.setText("");
            setRows(0);
            return;
        }
        title.setText("Hop in / out at " + h.namespace() + "  (events " + h.firstEvent() + " to " + h.lastEvent() + ")");
        ports.setText("L1 port in: " + h.inPort() + "    out: " + h.outPort());
        outcome.setText("last: " + h.outcome());
        setRows(h.rows().size());
        for (int i = 0; i < h.rows().size(); i++) {
            HopDiff.Row r = h.rows().get(i);
            Label[] row = cells.get(i);
            String[] v = {r.osi(), r.header(), r.in(), r.out(), r.change()};
            for (int c = 0; c < v.length; c++) {
                row[c].setText(v[c]);
            }
            boolean changed = !r.change().equals("unchanged");
            // The change is marked (yellow, bold) and so is the layer's name; the values stay plain.
            row[1].pseudoClassStateChanged(CHANGED, changed);
            row[4].pseudoClassStateChanged(CHANGED, changed);
        }
    }

    private void setRows(int n) {
        while (cells.size() < n) {
            int r = cells.size() + 1;
            Label[] row = new Label[5];
            for (int c = 0; c < 5; c++) {
                row[c] = new Label();
                row[c].setWrapText(c >= 2);
                if (c < 2) {
                    row[c].setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
                }
                row[c].getStyleClass().add("hop-cell");
                grid.add(row[c], c, r);
            }
            cells.add(row);
        }
        for (int i = 0; i < cells.size(); i++) {
            for (Label l : cells.get(i)) {
                l.setVisible(i < n);
                l.setManaged(i < n);
            }
        }
    }

    public HopDiff shown() {
        return shown;
    }
}
