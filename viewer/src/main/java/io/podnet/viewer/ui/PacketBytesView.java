package io.podnet.viewer.ui;

import io.podnet.viewer.model.Dissection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Wireshark's packet pane: a collapsible field tree, one branch per layer (payloads decoded: BGP,
 * DNS, HTTP), and the frame's bytes in hex and ASCII below it. Selecting a node highlights the
 * bytes it covers in the hex pane.
 */
public final class PacketBytesView extends VBox {
    private final TreeView<Dissection.Node> tree = new TreeView<>();
    private final VBox hex = new VBox();
    private Dissection shown;
    private Dissection.Node selected;

    public PacketBytesView() {
        setId("packet-bytes");
        setPadding(new Insets(6));
        setSpacing(4);
        Label title = new Label("Fields and bytes");
        title.getStyleClass().add("panel-title");
        tree.setId("field-tree");
        tree.setShowRoot(false);
        tree.setCellFactory(tv -> new javafx.scene.control.TreeCell<>() {
            @Override
            protected void updateItem(Dissection.Node item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.label());
            }
        });
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            selected = b == null ? null : b.getValue();
            renderHex();
        });
        hex.setId("hex");
        hex.getStyleClass().add("hex");
        ScrollPane hs = new ScrollPane(hex);
        SplitPane split = new SplitPane(tree, hs);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.6);
        VBox.setVgrow(split, Priority.ALWAYS);
        getChildren().addAll(title, split);
    }

    public Dissection shown() {
        return shown;
    }

    /** The selected node, or null. */
    public Dissection.Node selected() {
        return selected;
    }

    public TreeView<Dissection.Node> tree() {
        return tree;
    }

    public void show(Dissection d) {
        shown = d;
        selected = null;
        TreeItem<Dissection.Node> root = new TreeItem<>(new Dissection.Node("frame", 0, d.bytes().length, d.layers()));
        for (Dissection.Node l : d.layers()) {
            root.getChildren().add(item(l, false));
        }
        tree.setRoot(root);
        renderHex();
    }

    private static TreeItem<Dissection.Node> item(Dissection.Node n, boolean expand) {
        TreeItem<Dissection.Node> it = new TreeItem<>(n);
        for (Dissection.Node c : n.children()) {
            it.getChildren().add(item(c, false));
        }
        it.setExpanded(expand);
        return it;
    }

    /** Selects (and expands the way to) the first node whose label starts with {@code prefix}; false if none. */
    public boolean select(String prefix) {
        TreeItem<Dissection.Node> it = findItem(tree.getRoot(), prefix);
        if (it == null) {
            return false;
        }
        for (TreeItem<Dissection.Node> p = it.getParent(); p != null; p = p.getParent()) {
            p.setExpanded(true);
        }
        it.setExpanded(true);
        tree.getSelectionModel().select(it);
        int row = tree.getRow(it);
        tree.scrollTo(Math.max(0, row - 2));
        return true;
    }

    private static TreeItem<Dissection.Node> findItem(TreeItem<Dissection.Node> it, String prefix) {
        if (it == null) {
            return null;
        }
        if (it.getParent() != null && it.getValue().label().startsWith(prefix)) {
            return it;
        }
        for (TreeItem<Dissection.Node> c : it.getChildren()) {
            TreeItem<Dissection.Node> f = findItem(c, prefix);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /** The hex lines as text (offset, hex, ASCII), for tests. */
    public List<String> hexLines() {
        List<String> out = new ArrayList<>();
        for (var n : hex.getChildren()) {
            StringBuilder sb = new StringBuilder();
            for (var c : ((HBox) n).getChildren()) {
                sb.append(((Label) c).getText());
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** The highlighted hex text (the selected node's bytes), for tests. */
    public String highlightedHex() {
        StringBuilder sb = new StringBuilder();
        for (var n : hex.getChildren()) {
            for (var c : ((HBox) n).getChildren()) {
                if (c.getStyleClass().contains("hex-hit")) {
                    sb.append(((Label) c).getText());
                }
            }
        }
        return sb.toString().trim();
    }

    private void renderHex() {
        hex.getChildren().clear();
        if (shown == null) {
            return;
        }
        byte[] b = shown.bytes();
        int from = selected == null ? -1 : selected.offset();
        int to = selected == null ? -1 : selected.offset() + selected.length();
        for (int line = 0; line < b.length; line += 16) {
            HBox row = new HBox();
            row.getChildren().add(label(String.format(Locale.ROOT, "%04x  ", line), "hex-offset"));
            StringBuilder run = new StringBuilder();
            boolean inHit = false;
            int end = Math.min(b.length, line + 16);
            for (int k = line; k < line + 16; k++) {
                boolean hit = k >= from && k < to && k < end;
                if (hit != inHit && run.length() > 0) {
                    row.getChildren().add(label(run.toString(), inHit ? "hex-hit" : "hex-byte"));
                    run.setLength(0);
                }
                inHit = hit;
                run.append(k < end ? String.format(Locale.ROOT, "%02x", b[k] & 0xff) : "  ");
                run.append(k == line + 7 ? "  " : " ");
            }
            row.getChildren().add(label(run.toString(), inHit ? "hex-hit" : "hex-byte"));
            StringBuilder ascii = new StringBuilder(" ");
            for (int k = line; k < end; k++) {
                int c = b[k] & 0xff;
                ascii.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
            }
            row.getChildren().add(label(ascii.toString(), "hex-ascii"));
            hex.getChildren().add(row);
        }
    }

    private static Label label(String s, String style) {
        Label l = new Label(s);
        l.getStyleClass().addAll("hex-text", style);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }
}
