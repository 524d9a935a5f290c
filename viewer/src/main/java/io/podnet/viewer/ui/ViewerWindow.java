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
    private final PacketBytesView bytes = new PacketBytesView();
    private final javafx.scene.control.TabPane packetTabs = new javafx.scene.control.TabPane();
    private final DecisionView decision = new DecisionView();
    private final DeviceTablesView deviceTables = new DeviceTablesView();
    private final HopView hopView = new HopView();
    /** The device whose tables are shown (null: none clicked yet). */
    private io.podnet.viewer.model.Topology.Endpoint picked;
    /** Whether the current step's outcome is hidden (an unanswered challenge question). */
    private boolean hidden;
    private final ChallengeView challengeView = new ChallengeView();
    private boolean challenge;
    private java.util.List<io.podnet.viewer.model.Challenges.Question> questions = java.util.List.of();
    /** The option chosen for each question (-1: not answered yet). */
    private int[] answers = new int[0];
    private javafx.scene.control.SplitPane rightPane;
    /** Share of the window's width the drawing and event list take by default (the projector preset: more). */
    static final double LEFT_SHARE = 0.56;
    static final double PROJECTOR_LEFT_SHARE = 0.62;
    private final SplitPane mainSplit = new SplitPane();
    private final SplitPane leftSplit = new SplitPane();
    private final EventFilterBar filterBar = new EventFilterBar(this::filterChanged);
    private boolean fittingSplit;
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
    private final CheckMenuItem projector = new CheckMenuItem("Projector preset (1.6x, larger drawing)");
    private final CheckMenuItem follow = new CheckMenuItem("Follow the packet");
    private final CheckMenuItem everyEvent = new CheckMenuItem("Step through every event (ARP, chain jumps, notes)");
    private final ScenarioLoader loader;
    private TraceIndex trace;
    /** The last run this window loaded itself ({@link #open}); its trace file is closed when another replaces it. */
    private ViewModel opened;
    /** The tables at any step of the shown run, rebuilt from the trace incrementally. */
    private io.podnet.viewer.model.TableHistory tables;
    /** The event position of each step (the traffic view, or every event). */
    private int[] steps = new int[0];
    private boolean allEvents;
    private Topology topo;
    private Path file;
    private double fontScale = 1.0;
    private int panelStep = -1;
    private long panelTime;
    /** Panel refresh interval while playing (the wall clock is only used for pacing the display). */
    static final long PANEL_INTERVAL_NS = 500_000_000L;
    /** Above this speed (steps per second) the text panels wait for a pause; only the step label follows. */
    static final double PANELS_MAX_SPEED = 4.0;
    private double panelsMaxSpeed = PANELS_MAX_SPEED;
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
        javafx.scene.control.Tab layersTab = new javafx.scene.control.Tab("Layers", headers);
        javafx.scene.control.Tab bytesTab = new javafx.scene.control.Tab("Fields + bytes", bytes);
        layersTab.setClosable(false);
        bytesTab.setClosable(false);
        javafx.scene.control.Tab devTab = new javafx.scene.control.Tab("Device tables", deviceTables);
        devTab.setClosable(false);
        javafx.scene.control.Tab hopTab = new javafx.scene.control.Tab("Hop in / out", hopView);
        hopTab.setClosable(false);
        packetTabs.getTabs().addAll(layersTab, bytesTab, hopTab, devTab);
        topology.setOnPick(ep -> showDevice(ep.namespace(), ep.device()));
        packetTabs.setId("packet-tabs");
        SplitPane right = new SplitPane(packetTabs, decision);
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.44);
        rightPane = right;
        // Left: the drawing over the event list, the drawing's pane as tall as the fitted drawing
        // needs (fitLeftSplit), so no band of it stays empty; right: the packet and decision panes
        // over the window's whole height. The controls span the bottom.
        VBox lower = new VBox(filterBar, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        leftSplit.getItems().setAll(topoPane, lower);
        leftSplit.setOrientation(Orientation.VERTICAL);
        leftSplit.setDividerPositions(0.68);
        mainSplit.getItems().setAll(leftSplit, right);
        mainSplit.setDividerPositions(LEFT_SHARE);
        root.setCenter(mainSplit);
        root.setBottom(controls());
        topology.widthProperty().addListener((o, a, b) -> fitLeftSplit());
        player.stepProperty().addListener((o, a, b) -> {
            int hold = challenge ? nextQuestionStep() : -1;
            if (hold >= 0 && b.intValue() > hold) {
                // An unanswered question holds the player at its step.
                Platform.runLater(() -> {
                    player.pause();
                    player.go(hold);
                });
                return;
            }
            render();
        });
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

    public PacketBytesView bytes() {
        return bytes;
    }

    /** Shows the field tree and hex pane with the first field whose label starts with {@code prefix} selected. */
    public boolean selectField(String prefix) {
        packetTabs.getSelectionModel().select(1);
        return bytes.select(prefix);
    }

    public ChallengeView challenge() {
        return challengeView;
    }

    public java.util.List<io.podnet.viewer.model.Challenges.Question> questions() {
        return questions;
    }

    /**
     * Challenge mode: at each decision point the decision panel is replaced by a question, and the
     * player cannot step past an unanswered question.
     */
    public void setChallenge(boolean on) {
        challenge = on;
        if (on && !rightPane.getItems().contains(challengeView)) {
            rightPane.getItems().set(1, challengeView);
        } else if (!on && rightPane.getItems().contains(challengeView)) {
            rightPane.getItems().set(1, decision);
        }
        if (trace != null) {
            buildQuestions();
            panelStep = -1;
            render();
        }
    }

    /** Answers the question at the current step with option {@code k}. */
    public void answer(int k) {
        int q = questionAt(player.step());
        if (q >= 0 && answers[q] < 0) {
            answers[q] = k;
            panelStep = -1;
            render();
        }
    }

    /** The step of the first unanswered question, or -1. */
    public int nextQuestionStep() {
        for (int i = 0; i < questions.size(); i++) {
            if (answers[i] < 0) {
                return questions.get(i).step();
            }
        }
        return -1;
    }

    private int questionAt(int step) {
        for (int i = 0; i < questions.size(); i++) {
            if (questions.get(i).step() == step) {
                return i;
            }
        }
        return -1;
    }

    private String scoreText() {
        int right = 0;
        int done = 0;
        for (int i = 0; i < answers.length; i++) {
            if (answers[i] >= 0) {
                done++;
                if (answers[i] == questions.get(i).answer()) {
                    right++;
                }
            }
        }
        return "score " + right + " / " + done;
    }

    private void buildQuestions() {
        questions = challenge ? io.podnet.viewer.model.Challenges.of(model.get().trace(), steps, model.get().network(),
                model.get().challengePoints()) : java.util.List.of();
        answers = new int[questions.size()];
        java.util.Arrays.fill(answers, -1);
    }

    /** In challenge mode, shows the question at step {@code s} (or the score); true when the decision must stay hidden. */
    private boolean showChallenge(int s) {
        if (!challenge) {
            return false;
        }
        int q = questionAt(s);
        if (q < 0) {
            int next = nextQuestionStep();
            challengeView.idle(next < 0 ? "No more questions. " + (questions.isEmpty() ? "(this run has no decision points)" : "")
                    : "Step on: the next question is at step " + next + ".", scoreText());
            return false;
        }
        if (answers[q] < 0) {
            challengeView.ask(questions.get(q), q + 1, questions.size(), scoreText(), this::answer);
            return true;
        }
        challengeView.answered(questions.get(q), answers[q], scoreText());
        return false;
    }

    public Legend legend() {
        return legend;
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
        topology.setFontScale(fontScale);
        fitLeftSplit();
    }

    /**
     * The projector preset: text, drawing, markers and lines at 1.6x, and the drawing's column
     * wider (the packet and decision panes keep the window's full height on the right).
     */
    public void setProjector(boolean on) {
        projector.setSelected(on);
        setFontScale(on ? 1.6 : 1.0);
        mainSplit.setDividerPositions(on ? PROJECTOR_LEFT_SHARE : LEFT_SHARE);
        fitLeftSplit();
    }

    public boolean projector() {
        return projector.isSelected();
    }

    /**
     * Gives the drawing's pane the height its fitted drawing needs at the pane's width (plus the
     * legend), between 35 % and 80 % of the column; the event list takes the rest.
     */
    void fitLeftSplit() {
        var lay = topology.drawing();
        double colH = leftSplit.getHeight();
        double colW = topology.getWidth();
        if (lay == null || colH <= 0 || colW <= 0 || fittingSplit) {
            return;
        }
        fittingSplit = true;
        try {
            double z = Math.min(2.5, (colW - 4) / (lay.width() + 20));
            double legendH = legend.isVisible() ? legend.prefHeight(colW) : 0;
            double want = lay.height() * z + 24 + legendH;
            double share = Math.max(0.35, Math.min(0.8, want / colH));
            leftSplit.setDividerPositions(share);
        } finally {
            fittingSplit = false;
        }
    }

    private void filterChanged() {
        if (trace != null) {
            applySteps(currentEvent());
        }
    }

    /**
     * Shows the tables of {@code namespace} (clicked at {@code device}, may be null) at the current
     * step in the "Device tables" tab; they follow the steps until another device is clicked.
     */
    public void showDevice(String namespace, String device) {
        picked = new io.podnet.viewer.model.Topology.Endpoint(namespace, device);
        packetTabs.getSelectionModel().select(3);
        refreshDevice();
    }

    private void refreshDevice() {
        if (picked == null || trace == null || steps.length == 0) {
            return;
        }
        int s = Math.min(player.step(), steps.length - 1);
        // Before the student answers, the tables are those before the step.
        int ev = hidden ? steps[s] - 1 : steps[s];
        deviceTables.show(io.podnet.viewer.model.DeviceTables.of(model.get().network(),
                tables.at(ev, picked.namespace()), ev, picked.device()), String.format(Locale.ROOT, "at step %d (after event %d, t = %.3f µs)", s, ev,
                trace.event(Math.max(0, ev)).time() / 1000.0));
    }

    /** Shows the hop in/out tab. */
    public void showHop() {
        packetTabs.getSelectionModel().select(2);
    }

    public DeviceTablesView deviceTables() {
        return deviceTables;
    }

    public HopView hop() {
        return hopView;
    }

    public EventFilterBar filter() {
        return filterBar;
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
        everyEvent.setId("every-event");
        everyEvent.setOnAction(e -> setAllEvents(everyEvent.isSelected()));
        projector.setId("projector");
        projector.setOnAction(e -> setProjector(projector.isSelected()));
        Menu view = new Menu("View", null, largeFonts, projector, bigger, smaller, fit, follow, showLegend, everyEvent);
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
        setModel(m, new TraceIndex(m.trace()));
    }

    /** Shows a run whose trace is already indexed ({@code index} over {@code m.trace()}); step 0 is selected. */
    public void setModel(ViewModel m, TraceIndex index) {
        model.set(m);
        topo = Topology.of(m.network());
        trace = index;
        tables = new io.podnet.viewer.model.TableHistory(m.trace());
        name.setText(m.title());
        description.setText(m.description());
        emptyHint.setVisible(false);
        topology.setTopology(topo, trace);
        legend.setContents(trace.flows(), topo, !topology.controlPlane().sessionsAt(Integer.MAX_VALUE).isEmpty());
        filterBar.setChoices(trace.flows(), topo);
        picked = null;
        fitLeftSplit();
        applySteps(-1);
        if (challenge) {
            setChallenge(true);
        }
    }

    /** The step sequence: every event ({@code true}) or the traffic's packets only (the default). */
    public void setAllEvents(boolean all) {
        allEvents = all;
        everyEvent.setSelected(all);
        if (trace != null) {
            applySteps(currentEvent());
        }
    }

    public boolean allEvents() {
        return allEvents;
    }

    /** Above this speed the panels wait for a pause (for measuring; the default is {@link #PANELS_MAX_SPEED}). */
    void setPanelsMaxSpeed(double stepsPerSecond) {
        panelsMaxSpeed = stepsPerSecond;
    }

    /** Number of steps in the current step sequence. */
    public int stepCount() {
        return steps.length;
    }

    /** The event position (in the trace) of step {@code step}. */
    public int eventAt(int step) {
        return steps[step];
    }

    /** The event position of the current step, or -1 without steps. */
    public int currentEvent() {
        return steps.length == 0 ? -1 : steps[Math.min(player.step(), steps.length - 1)];
    }

    /** Rebuilds the step sequence, staying at (or just before) event {@code keep}. */
    private void applySteps(int keep) {
        player.pause();
        steps = filterBar.filter().apply(trace, trace.steps(allEvents), topo);
        int[] st = steps;
        showRows(st.length);
        scrubbing = true;
        scrubber.setMax(Math.max(1, steps.length - 1));
        scrubber.setValue(0);
        scrubbing = false;
        panelStep = -1;
        player.reset(steps.length);
        if (keep > 0) {
            int pos = java.util.Arrays.binarySearch(steps, keep);
            player.go(pos >= 0 ? pos : Math.max(0, -pos - 2));
        }
        render();
    }

    /** Lists the first {@code n} steps in the event table (challenge mode hides what the student must predict). */
    private void showRows(int n) {
        int[] st = steps;
        shownRows = n;
        table.setEvents(new java.util.AbstractList<TraceEvent>() {
            @Override
            public TraceEvent get(int k) {
                return trace.event(st[k]);
            }

            @Override
            public int size() {
                return Math.min(n, st.length);
            }
        });
    }

    private int shownRows = -1;

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
        if (trace == null || steps.length == 0) {
            return;
        }
        int s = Math.min(player.step(), steps.length - 1);
        double progress = player.progressProperty().get();
        int next = progress > 0 && s + 1 < steps.length ? steps[s + 1] : -1;
        topology.show(steps[s], next, progress);
        if (s == panelStep) {
            return;
        }
        boolean playing = player.playingProperty().get();
        long now = System.nanoTime();
        if (playing) {
            // While playing the panels follow at reading pace: at most every PANEL_INTERVAL_NS, and
            // not at all above PANELS_MAX_SPEED (they catch up on pause); the topology animates
            // every frame. Stepping, clicking and pausing refresh everything at once.
            if (now - panelTime < PANEL_INTERVAL_NS) {
                return;
            }
            panelTime = now;
            if (player.speedProperty().get() > panelsMaxSpeed) {
                showPosition(s);
                return;
            }
        }
        panelTime = now;
        panelStep = s;
        int ev = steps[s];
        TraceEvent e = trace.event(ev);
        int hv = trace.headerEvent(ev);
        TraceEvent he = trace.event(hv);
        headers.show(HeaderStack.of(he.packet(), trace.baseline(hv)), "Packet after step " + s + " at "
                + e.location() + (he.packet() == null ? "" : "  (" + he.packet().length() + " bytes)"));
        bytes.show(io.podnet.viewer.model.Dissection.of(he.packet()));
        boolean hide = showChallenge(s);
        int rows = hide ? s : steps.length;
        if (rows != shownRows) {
            showRows(rows);
        }
        if (hide) {
            // The student predicts first: the panels show the packet before this step.
            int prev = s > 0 ? steps[s - 1] : ev;
            TraceEvent pe = trace.event(trace.headerEvent(prev));
            headers.show(HeaderStack.of(pe.packet(), null), "Packet before step " + s + " (answer the question first)");
            bytes.show(io.podnet.viewer.model.Dissection.of(pe.packet()));
        }
        decision.show(e, DecisionDetail.of(e, model.get().network(),
                tables.at(ev, e.namespace())));
        table.select(s);
        showPosition(s);
        hidden = hide;
        refreshDevice();
        // In challenge mode the hop view would give the answer away (it shows the whole hop).
        hopView.show(hide ? null : io.podnet.viewer.model.HopDiff.at(trace, ev));
        if (follow.isSelected()) {
            var p = topology.drawing().point(e.namespace(), e.device());
            if (p != null) {
                topology.centreOn(p);
            }
        }
    }

    private void showPosition(int s) {
        scrubbing = true;
        scrubber.setValue(s);
        scrubbing = false;
        int ev = steps[s];
        stepLabel.setText(String.format(Locale.ROOT, "step %d / %d%s   t = %.3f µs", s, steps.length - 1,
                allEvents ? "" : "  (event " + ev + ")", trace.event(ev).time() / 1000.0));
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
        record Loaded(ViewModel model, TraceIndex index) {}
        Task<Loaded> task = new Task<>() {
            @Override
            protected Loaded call() throws ScenarioLoadException {
                ViewModel m = loader.load(path);
                return new Loaded(m, new TraceIndex(m.trace())); // one pass over the trace, off the FX thread
            }
        };
        task.setOnSucceeded(e -> {
            file = path;
            ViewModel previous = opened;
            opened = task.getValue().model();
            setModel(opened, task.getValue().index());
            if (previous != null && previous.trace() instanceof java.io.Closeable c) {
                try {
                    c.close(); // the trace file of the run this window opened before
                } catch (java.io.IOException ignored) {
                    // it was only being read
                }
            }
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
        fitLeftSplit();
        root.layout();
        decision.revealHighlight();
        if (steps.length > 0) {
            table.select(player.step());
        }
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
