package io.podnet.viewer.ui;

import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.viewer.model.DecisionDetail;
import java.util.Locale;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Why the packet moved: the hop's one-line explanation, where and when, and the decision's detail;
 * for a rule, route, FDB or neighbour decision the node's configuration text with the line used
 * highlighted (an iptables rule is shown inside the node's iptables-save text).
 */
public final class DecisionView extends VBox {
    private final Label explanation = new Label();
    private final Label where = new Label();
    private final Label heading = new Label();
    private final VBox facts = new VBox(2);
    private final Label listingTitle = new Label();
    private final ListView<String> listing = new ListView<>();
    private final javafx.beans.property.IntegerProperty highlight = new javafx.beans.property.SimpleIntegerProperty(-1);
    private final java.util.List<Label> factLabels = new java.util.ArrayList<>();
    private java.util.List<String> lines = java.util.List.of();
    private DecisionDetail shown;
    static final javafx.css.PseudoClass HIT = javafx.css.PseudoClass.getPseudoClass("hit");
    static final javafx.css.PseudoClass DROP = javafx.css.PseudoClass.getPseudoClass("drop");

    public DecisionView() {
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
        // Cells mark the highlighted line with a pseudo-class, following the highlight property, so
        // a new highlight neither rebuilds the list nor restyles every cell.
        listing.setCellFactory(lv -> {
            ListCell<String> c = new ListCell<>() {
                @Override
                protected void updateItem(String item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty || item == null ? null : item);
                    pseudoClassStateChanged(HIT, !empty && item != null && getIndex() == highlight.get());
                }
            };
            highlight.addListener((o, a, b) -> c.pseudoClassStateChanged(HIT, !c.isEmpty() && c.getIndex() == b.intValue()));
            c.indexProperty().addListener((o, a, b) -> c.pseudoClassStateChanged(HIT, !c.isEmpty() && b.intValue() == highlight.get()));
            return c;
        });
        VBox.setVgrow(listing, Priority.ALWAYS);
        getChildren().addAll(title, explanation, where, heading, facts, listingTitle, listing);
    }

    /** Scrolls the listing so the highlighted line is in view (again, once laid out). */
    public void revealHighlight() {
        if (highlight.get() >= 0 && listing.isVisible()) {
            listing.scrollTo(Math.max(0, highlight.get() - 3));
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
            setFacts(java.util.List.of());
            setListing(null, -1);
            return;
        }
        boolean drop = e.kind() == EventKind.DROP;
        explanation.setText((drop ? "✖ " : "") + e.explanation());
        explanation.pseudoClassStateChanged(DROP, drop);
        where.setText(e.location() + "  ·  " + e.kind() + "  ·  t = " + String.format(Locale.ROOT, "%.3f µs", e.time() / 1000.0)
                + (e.flow() == null ? "" : "  ·  flow " + e.flow()) + (e.packetId() < 0 ? "" : "  ·  packet " + e.packetId()));
        heading.setText(d.heading());
        setFacts(d.facts());
        if (d.listing() == null) {
            listingTitle.setText("");
            listingTitle.setManaged(false);
            listing.setManaged(false);
            listing.setVisible(false);
            setListing(null, -1);
        } else {
            listingTitle.setText(d.listing().title() + (d.listing().highlight() < 0 ? "" : "  —  line " + (d.listing().highlight() + 1)));
            listingTitle.setManaged(true);
            listing.setManaged(true);
            listing.setVisible(true);
            setListing(d.listing().lines(), d.listing().highlight());
        }
    }

    /** Shows the facts in pooled labels (created once, then only their texts change). */
    private void setFacts(java.util.List<String> fs) {
        while (factLabels.size() < fs.size()) {
            Label l = new Label();
            l.getStyleClass().add("fact");
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE);
            l.managedProperty().bind(l.visibleProperty());
            factLabels.add(l);
            facts.getChildren().add(l);
        }
        for (int k = 0; k < factLabels.size(); k++) {
            Label l = factLabels.get(k);
            if (k < fs.size()) {
                l.setText(fs.get(k));
                l.setVisible(true);
            } else if (l.isVisible()) {
                l.setText("");
                l.setVisible(false);
            }
        }
    }

    /** Replaces the listing's lines only when they differ; scrolls only when the highlight moves. */
    private void setListing(java.util.List<String> newLines, int hl) {
        java.util.List<String> ls = newLines == null ? java.util.List.of() : newLines;
        boolean changed = ls != lines && !ls.equals(lines);
        if (changed) {
            lines = ls;
            listing.getItems().setAll(ls);
        }
        if (changed || hl != highlight.get()) {
            highlight.set(hl);
            if (hl >= 0) {
                int target = Math.max(0, hl - 3);
                listing.scrollTo(target);
                // The list may not have a skin or a size yet: scroll again once it is laid out.
                Platform.runLater(() -> listing.scrollTo(target));
            }
        }
    }
}
