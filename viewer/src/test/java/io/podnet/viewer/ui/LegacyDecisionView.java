package io.podnet.viewer.ui;

import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.viewer.model.DecisionDetail;
import java.util.Locale;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The decision panel as it was before node reuse (rebuilt on every refresh), kept to measure the difference.
 *
 * Why the packet moved: the hop's one-line explanation, where and when, and the decision's detail;
 * for a rule, route, FDB or neighbour decision the node's configuration text with the line used
 * highlighted (an iptables rule is shown inside the node's iptables-save text).
 */
final class LegacyDecisionView extends VBox {
    private final Label explanation = new Label();
    private final Label where = new Label();
    private final Label heading = new Label();
    private final VBox facts = new VBox(2);
    private final Label listingTitle = new Label();
    private final ListView<String> listing = new ListView<>();
    private int highlight = -1;
    private DecisionDetail shown;

    LegacyDecisionView() {
        setId("decision");
        setSpacing(4);
        setPadding(new Insets(6));
        Label title = new Label("Decision at this hop");
        title.getStyleClass().add("panel-title");
        explanation.getStyleClass().add("explanation");
        explanation.setId("explanation");
        explanation.setWrapText(true);
        explanation.setMinHeight(Region.USE_PREF_SIZE);
        where.getStyleClass().add("where");
        where.setWrapText(true);
        heading.getStyleClass().add("heading");
        heading.setId("decision-heading");
        heading.setWrapText(true);
        heading.setMinHeight(Region.USE_PREF_SIZE);
        where.setMinHeight(Region.USE_PREF_SIZE);
        listing.setMinHeight(90);
        listingTitle.getStyleClass().add("heading");
        listing.getStyleClass().add("listing");
        listing.setId("listing");
        listing.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("hit");
                if (empty || item == null) {
                    setText(null);
                    return;
                }
                setText(item);
                if (getIndex() == highlight) {
                    getStyleClass().add("hit");
                }
            }
        });
        VBox.setVgrow(listing, Priority.ALWAYS);
        getChildren().addAll(title, explanation, where, heading, facts, listingTitle, listing);
    }

    /** Scrolls the listing so the highlighted line is in view (again, once laid out). */
    public void revealHighlight() {
        if (highlight >= 0 && listing.isVisible()) {
            listing.scrollTo(Math.max(0, highlight - 3));
        }
    }

    public DecisionDetail shown() {
        return shown;
    }

    /** The highlighted configuration line, or null. */
    public String highlightedLine() {
        return shown == null || shown.listing() == null ? null : shown.listing().highlightedLine();
    }

    public void show(TraceEvent e, DecisionDetail d) {
        shown = d;
        if (e == null) {
            explanation.setText("");
            where.setText("");
            heading.setText("");
            facts.getChildren().clear();
            listing.getItems().clear();
            return;
        }
        explanation.setText((e.kind() == EventKind.DROP ? "✖ " : "") + e.explanation());
        explanation.getStyleClass().remove("drop");
        if (e.kind() == EventKind.DROP) {
            explanation.getStyleClass().add("drop");
        }
        where.setText(e.location() + "  ·  " + e.kind() + "  ·  t = " + String.format(Locale.ROOT, "%.3f µs", e.time() / 1000.0)
                + (e.flow() == null ? "" : "  ·  flow " + e.flow()) + (e.packetId() < 0 ? "" : "  ·  packet " + e.packetId()));
        heading.setText(d.heading());
        facts.getChildren().clear();
        for (String f : d.facts()) {
            Label l = new Label(f);
            l.getStyleClass().add("fact");
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE);
            facts.getChildren().add(l);
        }
        if (d.listing() == null) {
            listingTitle.setText("");
            listingTitle.setManaged(false);
            listing.setManaged(false);
            listing.setVisible(false);
            listing.getItems().clear();
            highlight = -1;
        } else {
            listingTitle.setText(d.listing().title() + (d.listing().highlight() < 0 ? "" : "  —  line " + (d.listing().highlight() + 1)));
            listingTitle.setManaged(true);
            listing.setManaged(true);
            listing.setVisible(true);
            highlight = d.listing().highlight();
            listing.setItems(FXCollections.observableArrayList(d.listing().lines()));
            listing.refresh();
            if (highlight >= 0) {
                int target = Math.max(0, highlight - 3);
                listing.scrollTo(target);
                // The list may not have a skin or a size yet: scroll again once it is laid out.
                Platform.runLater(() -> listing.scrollTo(target));
            }
        }
    }
}
