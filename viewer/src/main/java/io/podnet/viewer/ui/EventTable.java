package io.podnet.viewer.ui;

import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.scene.Node;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.TableCell;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;

/** The event list, like a packet simulator's: step, time, where, what kind, flow and what happened. */
public final class EventTable extends TableView<TraceEvent> {
    static final javafx.css.PseudoClass DROP = javafx.css.PseudoClass.getPseudoClass("drop");
    private boolean updating;
    private VirtualFlow<?> flow;

    public EventTable(IntConsumer onPick) {
        setId("events");
        getStyleClass().add("event-table");
        TableColumn<TraceEvent, TraceEvent> seq = new TableColumn<>("#");
        seq.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        seq.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(TraceEvent item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : Integer.toString(getIndex()));
            }
        });
        seq.setPrefWidth(50);
        seq.setSortable(false);
        TableColumn<TraceEvent, String> time = new TableColumn<>("time (µs)");
        time.setCellValueFactory(c -> new ReadOnlyStringWrapper(String.format(Locale.ROOT, "%.3f", c.getValue().time() / 1000.0)));
        time.setPrefWidth(95);
        time.setSortable(false);
        TableColumn<TraceEvent, String> where = new TableColumn<>("namespace / device");
        where.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().location()));
        where.setPrefWidth(210);
        where.setSortable(false);
        TableColumn<TraceEvent, String> kind = new TableColumn<>("kind");
        kind.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().kind().name()));
        kind.setPrefWidth(100);
        kind.setSortable(false);
        TableColumn<TraceEvent, String> flow = new TableColumn<>("flow / pkt");
        flow.setCellValueFactory(c -> new ReadOnlyStringWrapper((c.getValue().flow() == null ? "" : c.getValue().flow())
                + (c.getValue().packetId() < 0 ? "" : " #" + c.getValue().packetId())));
        flow.setPrefWidth(170);
        flow.setSortable(false);
        TableColumn<TraceEvent, String> what = new TableColumn<>("what happened");
        what.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().explanation()));
        what.setPrefWidth(700);
        what.setSortable(false);
        getColumns().setAll(List.of(seq, time, where, kind, flow, what));
        setRowFactory(tv -> new TableRow<>() {
            @Override
            protected void updateItem(TraceEvent item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(DROP, !empty && item != null && item.kind() == EventKind.DROP);
            }
        });
        getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (!updating && b.intValue() >= 0) {
                onPick.accept(b.intValue());
            }
        });
    }

    private boolean rowVisible(int i) {
        if (flow == null) {
            Node n = lookup(".virtual-flow");
            flow = n instanceof VirtualFlow<?> vf ? vf : null;
        }
        VirtualFlow<?> f = flow;
        if (f != null) {
            IndexedCell<?> first = f.getFirstVisibleCell();
            IndexedCell<?> last = f.getLastVisibleCell();
            // Keep a row of margin so the selected row is never half hidden.
            return first != null && last != null && i > first.getIndex() && i < last.getIndex();
        }
        return false;
    }

    /** Widens the columns with the font. */
    public void scaleColumns(double s) {
        double[] base = {50, 95, 210, 110, 170, 700};
        for (int i = 0; i < getColumns().size() && i < base.length; i++) {
            getColumns().get(i).setPrefWidth(base[i] * s);
        }
    }

    /**
     * Shows {@code events}, wrapped, not copied: the table asks only for the rows it draws, so a
     * trace read from a file is read a screenful at a time.
     */
    public void setEvents(List<TraceEvent> events) {
        updating = true;
        try {
            setItems(FXCollections.observableList(events));
        } finally {
            updating = false;
        }
    }

    /** Selects row {@code i} without calling back, keeping it in view. */
    public void select(int i) {
        updating = true;
        try {
            if (getSelectionModel().getSelectedIndex() != i) {
                getSelectionModel().clearAndSelect(i);
            }
            if (!rowVisible(i)) {
                scrollTo(Math.max(0, i - 2));
            }
        } finally {
            updating = false;
        }
    }
}
