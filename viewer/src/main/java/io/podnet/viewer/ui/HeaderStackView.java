package io.podnet.viewer.ui;

import io.podnet.viewer.model.HeaderStack;
import java.util.ArrayList;
import java.util.List;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The packet at the current hop as nested boxes, outermost header outside: each box shows the
 * header's fields; fields this hop changed are boxed in yellow with a marker and the old value;
 * headers this hop added get a heavy dashed border and a NEW badge; removed headers are listed.
 *
 * <p>A refresh reuses the nodes: one box per nesting depth and a pool of field labels per box are
 * kept and only their texts and pseudo-classes change (no node is created or restyled by class
 * once the pool is large enough), which keeps JavaFX's CSS and layout work per refresh small.
 */
public final class HeaderStackView extends VBox {
    static final PseudoClass CHANGED = PseudoClass.getPseudoClass("changed");
    static final PseudoClass ADDED = PseudoClass.getPseudoClass("added");
    private static final PseudoClass[] FAMILIES = {PseudoClass.getPseudoClass("eth"), PseudoClass.getPseudoClass("ip"),
        PseudoClass.getPseudoClass("tunnel"), PseudoClass.getPseudoClass("transport")};
    private final Label title = new Label("Packet at this hop");
    private final VBox content = new VBox();
    private final Label removed = new Label();
    private final Label none = new Label("(no packet at this event)");
    private final Label payload = new Label();
    private final List<LayerBox> boxes = new ArrayList<>();
    private HeaderStack shown;

    /** One nesting level: its title, NEW badge, field labels (pooled) and the next level inside. */
    private static final class LayerBox {
        final VBox box = new VBox();
        final Label title = new Label();
        final Label badge = new Label();
        final HBox head = new HBox(6, title, badge);
        final FlowPane fields = new FlowPane(6, 3);
        final List<Label> labels = new ArrayList<>();
        int family = -1;

        LayerBox() {
            box.getStyleClass().add("layer");
            title.getStyleClass().add("layer-title");
            badge.getStyleClass().add("badge");
            badge.managedProperty().bind(badge.visibleProperty());
            box.getChildren().addAll(head, fields);
        }

        void update(HeaderStack.Layer l) {
            title.setText(l.title());
            String id = "layer-" + l.title().replace(' ', '-').replace("(", "").replace(")", "");
            if (!id.equals(box.getId())) {
                box.setId(id);
            }
            int fam = family(l.title());
            if (fam != family) {
                if (family >= 0) {
                    box.pseudoClassStateChanged(FAMILIES[family], false);
                }
                box.pseudoClassStateChanged(FAMILIES[fam], true);
                family = fam;
            }
            box.pseudoClassStateChanged(ADDED, l.added());
            badge.setText(l.added() ? "NEW" : "");
            badge.setVisible(l.added());
            List<HeaderStack.Field> fs = l.fields();
            while (labels.size() < fs.size()) {
                Label fl = new Label();
                fl.getStyleClass().add("field");
                fl.managedProperty().bind(fl.visibleProperty());
                labels.add(fl);
                fields.getChildren().add(fl);
            }
            for (int j = 0; j < labels.size(); j++) {
                Label fl = labels.get(j);
                if (j < fs.size()) {
                    HeaderStack.Field f = fs.get(j);
                    fl.setText((f.changed() ? "▲ " : "") + f.name() + ": " + f.value()
                            + (f.changed() ? "  (was " + f.previous() + ")" : ""));
                    fl.pseudoClassStateChanged(CHANGED, f.changed());
                    fl.setVisible(true);
                } else if (fl.isVisible()) {
                    fl.setText("");
                    fl.pseudoClassStateChanged(CHANGED, false);
                    fl.setVisible(false);
                }
            }
        }

        /** Makes {@code inner} the node nested inside this box (after the fields). */
        void nest(Node inner) {
            var ch = box.getChildren();
            if (ch.size() != 3 || ch.get(2) != inner) {
                if (ch.size() > 2) {
                    ch.remove(2, ch.size());
                }
                ch.add(inner);
            }
        }
    }

    public HeaderStackView() {
        setSpacing(4);
        setPadding(new Insets(6));
        title.getStyleClass().add("panel-title");
        content.setSpacing(4);
        removed.getStyleClass().add("removed");
        removed.setId("removed-layers");
        payload.getStyleClass().add("field");
        ScrollPane sp = new ScrollPane(content);
        sp.setFitToWidth(true);
        VBox.setVgrow(sp, Priority.ALWAYS);
        getChildren().addAll(title, sp);
        setId("header-stack");
    }

    public HeaderStack shown() {
        return shown;
    }

    public void show(HeaderStack stack, String caption) {
        shown = stack;
        title.setText(caption);
        if (stack == null || stack.layers().isEmpty()) {
            setContent(List.of(none));
            return;
        }
        List<HeaderStack.Layer> layers = stack.layers();
        while (boxes.size() < layers.size()) {
            boxes.add(new LayerBox());
        }
        for (int k = 0; k < layers.size(); k++) {
            LayerBox b = boxes.get(k);
            b.update(layers.get(k));
            b.nest(k + 1 < layers.size() ? boxes.get(k + 1).box : payload);
        }
        payload.setText("payload " + stack.payloadLength() + " bytes  ·  " + stack.totalLength() + " bytes on the wire");
        if (stack.removed().isEmpty()) {
            setContent(List.of(boxes.get(0).box));
        } else {
            removed.setText("✂ removed at this hop: " + String.join(", ", stack.removed()));
            setContent(List.of(removed, boxes.get(0).box));
        }
    }

    private void setContent(List<Node> nodes) {
        if (!content.getChildren().equals(nodes)) {
            content.getChildren().setAll(nodes);
        }
    }

    private static int family(String title) {
        if (title.startsWith("Ethernet") || title.startsWith("ARP")) {
            return 0;
        }
        if (title.startsWith("IPv4") || title.startsWith("ICMP")) {
            return 1;
        }
        if (title.startsWith("VXLAN") || title.startsWith("GENEVE") || title.startsWith("WireGuard")) {
            return 2;
        }
        return 3;
    }

    /** Number of label nodes created so far (they are reused across refreshes). */
    int pooledLabels() {
        int n = 0;
        for (LayerBox b : boxes) {
            n += b.labels.size() + 2;
        }
        return n;
    }
}
