package io.podnet.viewer.ui;

import io.podnet.viewer.model.HeaderStack;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The header stack panel as it was before node reuse (rebuilt on every refresh), kept to measure the difference.
 *
 * The packet at the current hop as nested boxes, outermost header outside: each box shows the
 * header's fields; fields this hop changed are boxed in yellow with a marker and the old value;
 * headers this hop added get a heavy dashed border and a NEW badge; removed headers are listed.
 */
final class LegacyHeaderStackView extends VBox {
    private final Label title = new Label("Packet at this hop");
    private final VBox content = new VBox();
    private HeaderStack shown;

    LegacyHeaderStackView() {
        setSpacing(4);
        setPadding(new Insets(6));
        title.getStyleClass().add("panel-title");
        content.setSpacing(4);
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
        content.getChildren().clear();
        title.setText(caption);
        if (stack == null || stack.layers().isEmpty()) {
            Label none = new Label("(no packet at this event)");
            content.getChildren().add(none);
            return;
        }
        if (!stack.removed().isEmpty()) {
            Label r = new Label("✂ removed at this hop: " + String.join(", ", stack.removed()));
            r.getStyleClass().add("removed");
            r.setId("removed-layers");
            content.getChildren().add(r);
        }
        VBox outer = null;
        VBox parent = content;
        for (HeaderStack.Layer l : stack.layers()) {
            VBox box = layer(l);
            parent.getChildren().add(box);
            if (outer == null) {
                outer = box;
            }
            parent = box;
        }
        Label payload = new Label("payload " + stack.payloadLength() + " bytes  ·  " + stack.totalLength() + " bytes on the wire");
        payload.getStyleClass().add("field");
        parent.getChildren().add(payload);
    }

    private static VBox layer(HeaderStack.Layer l) {
        VBox box = new VBox();
        box.getStyleClass().addAll("layer", family(l.title()));
        if (l.added()) {
            box.getStyleClass().add("layer-added");
        }
        box.setId("layer-" + l.title().replace(' ', '-').replace("(", "").replace(")", ""));
        HBox head = new HBox(6);
        Label t = new Label(l.title());
        t.getStyleClass().add("layer-title");
        head.getChildren().add(t);
        if (l.added()) {
            Label badge = new Label("NEW");
            badge.getStyleClass().add("badge");
            head.getChildren().add(badge);
        }
        box.getChildren().add(head);
        FlowPane fields = new FlowPane(6, 3);
        for (HeaderStack.Field f : l.fields()) {
            Label fl = new Label((f.changed() ? "▲ " : "") + f.name() + ": " + f.value()
                    + (f.changed() ? "  (was " + f.previous() + ")" : ""));
            fl.getStyleClass().add("field");
            if (f.changed()) {
                fl.getStyleClass().add("field-changed");
                fl.setTooltip(new Tooltip("changed at this hop; was " + f.previous()));
            }
            fields.getChildren().add(fl);
        }
        box.getChildren().add(fields);
        return box;
    }

    private static String family(String title) {
        if (title.startsWith("Ethernet") || title.startsWith("ARP")) {
            return "layer-eth";
        }
        if (title.startsWith("IPv4") || title.startsWith("ICMP")) {
            return "layer-ip";
        }
        if (title.startsWith("VXLAN")) {
            return "layer-tunnel";
        }
        return "layer-transport";
    }
}
