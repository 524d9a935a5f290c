package io.podnet.viewer.ui;

import io.podnet.sim.trace.TraceEvent;
import io.podnet.viewer.load.ScenarioLoadException;
import io.podnet.viewer.load.ScenarioLoader;
import io.podnet.viewer.model.DecisionDetail;
import io.podnet.viewer.model.HeaderStack;
import io.podnet.viewer.model.Topology;
import io.podnet.viewer.model.TraceIndex;
import io.podnet.viewer.model.ViewModel;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The viewer's window content: menus, the topology with its legend, the header stack and decision
 * panels, the playback controls with the timeline scrubber, and the event list. Everything shown
 * is derived from the {@link ViewModel}; nothing is simulated here.
 */
public final class ViewerWindow {
    public static final double BASE_FONT = 13;
    private final BorderPane root = new BorderPane();
    private final TopologyView topology = new TopologyView();
    private final Legend legend = new Legend();
    private final HeaderStackView headers = new HeaderStackView();
    private final DecisionView decision = new DecisionView();
    private final Player player = new Player();
    private final EventTable table = new EventTable(this::pick);
    private final Label name = new Label("podnet viewer");
    private final Label description = new Label("");
    private final Label stepLabel = new Label("");
    private final Label speedLabel = new Label("");
    private final Slider scrubber = new Slider(0, 1, 0);
    private final Slider speed = new Slider(-2, 5, 1);
    private final Button playButton = new Button("▶ Play");
    private final Label emptyHint = new Label("Open a scenario (File ▸ Open…) or drop a scenario file here.");
    private final ObjectProperty<ViewModel> model = new SimpleObjectProperty<>();
    private final CheckMenuItem largeFonts = new CheckMenuItem("Large fonts (classroom)");
    private final CheckMenuItem follow = new CheckMenuItem("Follow the packet");
    private final ScenarioLoader loader;
    private TraceIndex trace;
    private Topology topo;
    private Path file;
    private double fontScale = 1.0;
    private int panelStep = -1;
    private long panelTime;
    private int pendingPanels;
    private static final int HEADERS = 1;
    private static final int DECISION = 2;
    private static final int ALL_PANELS = 7;
    /** Panel refresh interval while playing (the wall clock is only used for pacing the display). */
    static final long PANEL_INTERVAL_NS = 400_000_000L;
    private boolean scrubbing;

    public ViewerWindow(ScenarioLoader loader) {
        this.loader = loader;
        root.getStylesheets().add(ViewerWindow.class.getResource("viewer.css").toExternalForm());
        root.setTop(new VBox(menus(), titleBar()));
        StackPane drawing = new StackPane(topology, emptyHint);
        VBox.setVgrow(drawing, Priority.ALWAYS);
        VBox topoPane = new VBox(drawing, legend);
        legend.managedProperty().bind(legend.visibleProperty());
        emptyHint.getStyleClass().add("empty-hint");
        emptyHint.setMouseTransparent(true);
        topology.setMinSize(200, 150);
        SplitPane right = new SplitPane(headers, decision);
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.56);
        SplitPane upper = new SplitPane(topoPane, right);
        upper.setDividerPositions(0.57);
        VBox lower = new VBox(controls(), table);
        VBox.setVgrow(table, Priority.ALWAYS);
        SplitPane main = new SplitPane(upper, lower);
        main.setOrientation(Orientation.VERTICAL);
        main.setDividerPositions(0.74);
        root.setCenter(main);
        player.stepProperty().addListener((o, a, b) -> render());
        player.progressProperty().addListener((o, a, b) -> render());
        player.playingProperty().addListener((o, a, b) -> {
            playButton.setText(b ? "❚❚ Pause" : "▶ Play");
            if (!b) {
                panelStep = -1;
                render();
            }
        });
        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        root.setOnDragDropped(e -> {
            List<File> files = e.getDragboard().getFiles();
            boolean ok = files != null && !files.isEmpty();
            if (ok) {
                open(files.get(0).toPath());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.SPACE) {
                player.toggle();
                e.consume();
            } else if (e.getCode() == KeyCode.RIGHT) {
                player.forward();
                e.consume();
            } else if (e.getCode() == KeyCode.LEFT) {
                player.back();
                e.consume();
            } else if (e.getCode() == KeyCode.HOME) {
                player.go(0);
                e.consume();
            } else if (e.getCode() == KeyCode.END) {
                player.go(player.steps() - 1);
                e.consume();
            }
        });
        setFontScale(1.0);
        legend.setFlows(List.of());
    }

    public Region root() {
        return root;
    }

    public Player player() {
        return player;
    }

    public TopologyView topology() {
        return topology;
    }

    public HeaderStackView headers() {
        return headers;
    }

    public DecisionView decision() {
        return decision;
    }

    public EventTable table() {
        return table;
    }

    public ViewModel model() {
        return model.get();
    }

    public double fontScale() {
        return fontScale;
    }

    public void setFontScale(double s) {
        fontScale = Math.max(0.5, Math.min(4, s));
        root.setStyle(String.format(Locale.ROOT, "-fx-font-size: %.1fpx;", BASE_FONT * fontScale));
        largeFonts.setSelected(fontScale >= 1.4);
        table.scaleColumns(fontScale);
    }

    private MenuBar menus() {
        MenuItem open = new MenuItem("Open scenario…");
        open.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        open.setOnAction(e -> chooseFile());
        MenuItem reload = new MenuItem("Reload");
        reload.setAccelerator(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN));
        reload.setOnAction(e -> {
            if (file != null) {
                open(file);
            }
        });
        MenuItem snap = new MenuItem("Save picture (PNG)…");
        snap.setOnAction(e -> saveSnapshot());
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> {
            Window w = root.getScene() == null ? null : root.getScene().getWindow();
            if (w != null) {
                w.hide();
            }
        });
        Menu fileMenu = new Menu("File", null, open, reload, snap, quit);
        largeFonts.setOnAction(e -> setFontScale(largeFonts.isSelected() ? 1.6 : 1.0));
        MenuItem bigger = new MenuItem("Bigger text");
        bigger.setAccelerator(new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN));
        bigger.setOnAction(e -> setFontScale(fontScale * 1.15));
        MenuItem smaller = new MenuItem("Smaller text");
        smaller.setAccelerator(new KeyCodeCombination(KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN));
        smaller.setOnAction(e -> setFontScale(fontScale / 1.15));
        MenuItem fit = new MenuItem("Fit topology");
        fit.setAccelerator(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN));
        fit.setOnAction(e -> topology.fit());
        CheckMenuItem showLegend = new CheckMenuItem("Show legend");
        showLegend.setSelected(true);
        legend.visibleProperty().bind(showLegend.selectedProperty());
        Menu view = new Menu("View", null, largeFonts, bigger, smaller, fit, follow, showLegend);
        MenuItem keys = new MenuItem("Keys: Space play/pause · ←/→ step · Home/End · scroll zoom · drag pan · double-click fit");
        Menu help = new Menu("Help", null, keys);
        MenuBar bar = new MenuBar(fileMenu, view, help);
        bar.setId("menu-bar");
        return bar;
    }

    private HBox titleBar() {
        name.getStyleClass().add("title-name");
        name.setId("scenario-name");
        HBox bar = new HBox(16, name, description);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("title-bar");
        return bar;
    }

    private HBox controls() {
        Button first = new Button("◀◀ First");
        first.setOnAction(e -> player.go(0));
        Button back = new Button("◀ Back");
        back.setId("step-back");
        back.setTooltip(new Tooltip("one step back (←)"));
        back.setOnAction(e -> player.back());
        playButton.setId("play");
        playButton.setOnAction(e -> player.toggle());
        playButton.setMinWidth(Region.USE_PREF_SIZE);
        Button fwd = new Button("Step ▶");
        fwd.setId("step-forward");
        fwd.setTooltip(new Tooltip("one step forward (→)"));
        fwd.setOnAction(e -> player.forward());
        speed.setPrefWidth(120);
        speed.setId("speed");
        speed.setTooltip(new Tooltip("playback speed, steps per second"));
        speed.valueProperty().addListener((o, a, b) -> updateSpeed());
        updateSpeed();
        scrubber.setId("scrubber");
        scrubber.setBlockIncrement(1);
        scrubber.setMajorTickUnit(1);
        scrubber.setSnapToTicks(false);
        HBox.setHgrow(scrubber, Priority.ALWAYS);
        scrubber.valueProperty().addListener((o, a, b) -> {
            if (!scrubbing) {
                int s = (int) Math.round(b.doubleValue());
                if (s != player.step()) {
                    player.pause();
                    player.go(s);
                }
            }
        });
        stepLabel.getStyleClass().add("step-label");
        stepLabel.setId("step-label");
        stepLabel.setMinWidth(Region.USE_PREF_SIZE);
        speedLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox box = new HBox(first, back, playButton, fwd, new Label("speed"), speed, speedLabel, scrubber, stepLabel);
        box.getStyleClass().add("controls");
        return box;
    }

    private void updateSpeed() {
        double v = Math.pow(2, speed.getValue());
        player.speedProperty().set(v);
        speedLabel.setText(String.format(Locale.ROOT, "%.2g steps/s", v));
    }

    /** Shows a run; step 0 is selected. */
    public void setModel(ViewModel m) {
        model.set(m);
        topo = Topology.of(m.network());
        trace = new TraceIndex(m.trace());
        name.setText(m.title());
        description.setText(m.description());
        emptyHint.setVisible(false);
        topology.setTopology(topo, trace);
        legend.setFlows(trace.flows());
        table.setEvents(trace.events());
        scrubbing = true;
        scrubber.setMax(Math.max(1, trace.size() - 1));
        scrubber.setValue(0);
        scrubbing = false;
        panelStep = -1;
        pendingPanels = 0;
        player.reset(trace.size());
        render();
    }

    /** Jumps to a step (clamped). */
    public void goTo(int step) {
        player.pause();
        player.go(step);
        render();
    }

    private void pick(int i) {
        player.pause();
        player.go(i);
    }

    private void render() {
        if (trace == null || trace.size() == 0) {
            return;
        }
        int i = player.step();
        topology.show(i, player.progressProperty().get());
        boolean playing = player.playingProperty().get();
        if (i != panelStep) {
            // While playing, the panels follow at reading pace (at most every PANEL_INTERVAL_NS), and
            // one panel per frame so no single frame carries all the text layout; the topology
            // animates every frame. Pausing or stepping updates everything at once.
            long now = System.nanoTime();
            if (!playing || now - panelTime >= PANEL_INTERVAL_NS) {
                panelTime = now;
                panelStep = i;
                pendingPanels = ALL_PANELS;
            }
        }
        if (pendingPanels == 0) {
            return;
        }
        TraceEvent e = trace.event(panelStep);
        if ((pendingPanels & HEADERS) != 0) {
            pendingPanels &= ~HEADERS;
            headers.show(HeaderStack.of(e.packet(), trace.baseline(panelStep)), "Packet after step " + panelStep + " at "
                    + e.location() + (e.packet() == null ? "" : "  (" + e.packet().length() + " bytes)"));
            if (playing) {
                return;
            }
        }
        if ((pendingPanels & DECISION) != 0) {
            pendingPanels &= ~DECISION;
            decision.show(e, DecisionDetail.of(e, model.get().network()));
            if (playing) {
                return;
            }
        }
        pendingPanels = 0;
        table.select(panelStep);
        scrubbing = true;
        scrubber.setValue(panelStep);
        scrubbing = false;
        stepLabel.setText(String.format(Locale.ROOT, "step %d / %d   t = %.3f µs", panelStep, trace.size() - 1,
                e.time() / 1000.0));
        if (follow.isSelected()) {
            var p = topology.drawing().point(e.namespace(), e.device());
            if (p != null) {
                topology.centreOn(p);
            }
        }
    }

    private void chooseFile() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a podnet scenario");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Scenarios", "*.yaml", "*.yml", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        if (file != null && file.toAbsolutePath().getParent() != null) {
            fc.setInitialDirectory(file.toAbsolutePath().getParent().toFile());
        }
        File f = fc.showOpenDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (f != null) {
            open(f.toPath());
        }
    }

    /** Loads and runs a scenario in the background, then shows it; errors are shown in a dialog. */
    public void open(Path path) {
        Task<ViewModel> task = new Task<>() {
            @Override
            protected ViewModel call() throws ScenarioLoadException {
                return loader.load(path);
            }
        };
        task.setOnSucceeded(e -> {
            file = path;
            setModel(task.getValue());
        });
        task.setOnFailed(e -> {
            Throwable t = task.getException();
            Alert a = new Alert(Alert.AlertType.ERROR, t instanceof ScenarioLoadException ? t.getMessage()
                    : "Could not open " + path + ": " + t);
            a.setHeaderText("Cannot open " + path.getFileName());
            a.show();
        });
        Thread th = new Thread(task, "podnet-load");
        th.setDaemon(true);
        th.start();
    }

    public void setFile(Path f) {
        file = f;
    }

    private void saveSnapshot() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save a picture of the viewer");
        fc.setInitialFileName("podnet-step-" + player.step() + ".png");
        File f = fc.showSaveDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (f != null) {
            try {
                Snapshots.writePng(snapshot(), f.toPath());
            } catch (IOException ex) {
                new Alert(Alert.AlertType.ERROR, "Could not write " + f + ": " + ex.getMessage()).show();
            }
        }
    }

    /** Lays the window out and brings highlighted lines into view (before a snapshot). */
    public void settleLayout() {
        root.applyCss();
        root.layout();
        decision.revealHighlight();
        table.select(player.step());
        root.layout();
    }

    /** The window content as an image (call on the FX thread). */
    public WritableImage snapshot() {
        Scene s = root.getScene();
        return s != null ? s.snapshot(null) : root.snapshot(null, null);
    }

    /** Runs {@code r} on the FX thread (now when already there). */
    static void fx(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }
}
