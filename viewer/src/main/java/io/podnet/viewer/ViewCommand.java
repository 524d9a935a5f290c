package io.podnet.viewer;

import io.podnet.cli.ExitCodes;
import io.podnet.viewer.load.ScenarioLoadException;
import io.podnet.viewer.load.ScenarioLoader;
import io.podnet.viewer.model.TraceIndex;
import io.podnet.viewer.model.ViewModel;
import io.podnet.viewer.ui.FxRuntime;
import io.podnet.viewer.ui.Snapshots;
import io.podnet.viewer.ui.ViewerWindow;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code podnet view}: the JavaFX viewer, or a PNG of it at one step. */
@Command(name = "view", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Watch a scenario's packets cross the cluster, hop by hop.",
            "",
            "The window shows the cluster's topology, each packet moving along its hops, the header stack at every hop "
                + "(changed fields and new outer headers marked) and the decision that moved the packet: the route, the "
                + "iptables rule inside the node's iptables-save text, the FDB entry, the drop reason. With --snapshot it "
                + "renders the window at one step to a PNG and exits; that works without a display (under xvfb-run, or on "
                + "Monocle's headless screen when DISPLAY is not set)."},
        footer = {"", "Examples:",
            "  podnet view scenarios/examples/frontend-to-backend.yaml",
            "  podnet view scenarios/examples/frontend-to-backend.yaml --snapshot v.png --step 6",
            "  podnet view FILE --snapshot big.png --step 6 --width 1920 --height 1080 --font-scale 1.5",
            "  podnet view FILE --preset projector",
            "  podnet view FILE --snapshot vni.png --step 3 --field VNI",
            "  podnet view FILE --challenge",
            "  podnet view FILE --challenge --snapshot question.png",
            "  podnet view FILE --save-trace run.ptrace --snapshot v.png --step 6",
            "  podnet view FILE --trace run.ptrace --step 6"})
public final class ViewCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Scenario file (YAML or JSON).")
    Path file;

    @Option(names = "--snapshot", paramLabel = "OUT.png", description = "Write a PNG of the viewer at --step and exit.")
    Path snapshot;

    @Option(names = "--step", paramLabel = "N", defaultValue = "0",
            description = "Step to show (its number in the event list, from 0). Steps follow the traffic's packets "
                + "(ARP, chain jumps and notes are left out) unless --all-events is given. Default: ${DEFAULT-VALUE}.")
    int step;

    @Option(names = "--all-events", description = "Step through every trace event (ARP, neighbour resolution, netfilter "
            + "chain jumps, link and control-plane notes), not only the traffic's packets.")
    boolean allEvents;

    @Option(names = "--width", paramLabel = "W", defaultValue = "1600", description = "Window width in pixels. Default: ${DEFAULT-VALUE}.")
    int width;

    @Option(names = "--height", paramLabel = "H", defaultValue = "1000", description = "Window height in pixels. Default: ${DEFAULT-VALUE}.")
    int height;

    @Option(names = "--font-scale", paramLabel = "S", defaultValue = "1.0",
            description = "Text size factor, e.g. 1.6 for a classroom projector. Default: ${DEFAULT-VALUE}.")
    double fontScale;

    @Option(names = "--preset", paramLabel = "NAME", description = "Window preset: projector (text, drawing, markers "
            + "and lines at 1.6x, a 1920x1080 window, a wider drawing) or default. --font-scale, --width and --height "
            + "given as well win.")
    String preset;

    @Option(names = "--challenge", description = "Challenge mode: pause at decision points (route choice, NAT result, "
            + "policy verdict, encapsulation, delivery), ask which it will be, explain the answer from the trace and keep "
            + "a score. With --snapshot, renders the first question at or after --step.")
    boolean challenge;

    @Option(names = "--field", paramLabel = "NAME",
            description = "Show the field tree and hex pane with the first field whose label starts with NAME "
                + "selected (e.g. VNI, \"BGP UPDATE\", \"Domain Name System\").")
    String field;

    @Option(names = "--device", paramLabel = "NS[/DEV]", description = "Show the tables of this namespace (a node or pod, "
            + "optionally one device) at --step, as a click on it in the drawing does: routes, neighbours, FDB, conntrack, "
            + "counters.")
    String device;

    @Option(names = "--hop", description = "Show the hop in/out view at --step (what the device read, changed and wrote, "
            + "layer by layer).")
    boolean hop;

    @Option(names = "--profile", paramLabel = "FILE", description = io.podnet.cli.ProfileOption.HELP)
    String profile;

    @Option(names = "--kube-proxy", paramLabel = "MODE", description = "View the run under this kube-proxy mode"
            + " instead of the file's (iptables, nftables, ipvs).")
    String kubeProxy;

    @Option(names = "--seed", paramLabel = "N", description = "Run with this seed instead of the file's (as podnet run"
            + " --seed).")
    Long seed;

    @Option(names = "--cni", paramLabel = "NAME", description = "Run under this CNI design instead of the file's"
            + " cluster.cni (as podnet run --cni).")
    String cni;

    @Option(names = "--trace", paramLabel = "TRACE.ptrace", description = "View this trace file, written earlier "
            + "(by --save-trace or podnet run --trace podnet --out), instead of running FILE: the scenario FILE gives "
            + "the drawing and the challenge points, the trace file the events, read by step from its index. The trace "
            + "must be of this run: the same scenario file, --seed, --cni, --kube-proxy, --profile and podnet version "
            + "(a mismatch is refused, naming each difference).")
    Path traceFile;

    @Option(names = "--save-trace", paramLabel = "TRACE.ptrace", description = "Keep the run's trace file here (the "
            + "viewer always works from a trace file on disk; by default a temporary one, deleted at once). "
            + "View it again with --trace.")
    Path saveTrace;

    @Spec
    CommandSpec spec;

    private TraceIndex index;

    private ScenarioLoader loader;
    private boolean projectorPreset;
    private boolean exitToolkit = true;

    public ViewCommand(ScenarioLoader loader) {
        this.loader = loader;
    }

    /**
     * Leaves the JavaFX toolkit running when the command ends (JavaFX cannot restart in one JVM;
     * tests run several commands). By default the command stops the toolkit it started.
     */
    public ViewCommand keepToolkit() {
        exitToolkit = false;
        return this;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        if (width < 200 || height < 150 || width > 16384 || height > 16384) {
            err.println("podnet view: --width/--height must be between 200x150 and 16384x16384, got " + width + "x" + height);
            return ExitCodes.BAD_INPUT;
        }
        if (kubeProxy != null) {
            if (!io.podnet.scenarios.Podnet.kubeProxyModes().contains(kubeProxy)) {
                err.println("podnet view: --kube-proxy: unknown kube-proxy mode '" + kubeProxy + "'; accepted: "
                        + String.join(", ", io.podnet.scenarios.Podnet.kubeProxyModes()));
                return ExitCodes.BAD_INPUT;
            }
        }
        if ((profile != null || kubeProxy != null) && loader instanceof io.podnet.viewer.load.RunnerLoader) {
            loader = new io.podnet.viewer.load.RunnerLoader(profile == null ? io.podnet.sim.cost.CostProfile.defaults()
                    : io.podnet.cli.ProfileOption.resolve(profile), kubeProxy);
        }
        if (cni != null && !io.podnet.scenarios.Podnet.designs().contains(cni)) {
            err.println("podnet view: --cni: unknown CNI design '" + cni + "'; accepted: "
                    + String.join(", ", io.podnet.scenarios.Podnet.designs()));
            return ExitCodes.BAD_INPUT;
        }
        if ((seed != null || cni != null) && loader instanceof io.podnet.viewer.load.RunnerLoader rl) {
            loader = rl.withOverrides(seed, cni);
        }
        if (traceFile != null && saveTrace != null) {
            err.println("podnet view: --trace and --save-trace exclude each other (--trace views a trace file "
                    + "without running; --save-trace keeps the trace of a run)");
            return ExitCodes.BAD_INPUT;
        }
        if (traceFile != null && file == null) {
            err.println("podnet view: --trace needs the scenario FILE the trace was written from (it gives the drawing)");
            return ExitCodes.BAD_INPUT;
        }
        if (loader instanceof io.podnet.viewer.load.RunnerLoader rl) {
            if (traceFile != null) {
                loader = rl.readingTrace(traceFile);
            } else if (saveTrace != null) {
                loader = rl.savingTrace(saveTrace);
            }
        }
        boolean projector = false;
        if (preset != null) {
            if (preset.equals("projector")) {
                projector = true;
                var pr = spec.commandLine().getParseResult();
                if (!pr.hasMatchedOption("--font-scale")) {
                    fontScale = 1.6;
                }
                if (!pr.hasMatchedOption("--width")) {
                    width = 1920;
                }
                if (!pr.hasMatchedOption("--height")) {
                    height = 1080;
                }
            } else if (!preset.equals("default")) {
                err.println("podnet view: --preset: unknown preset '" + preset + "'; accepted: projector, default");
                return ExitCodes.BAD_INPUT;
            }
        }
        this.projectorPreset = projector;
        if (!(fontScale >= 0.5 && fontScale <= 4)) {
            err.println("podnet view: --font-scale must be between 0.5 and 4, got " + fontScale);
            return ExitCodes.BAD_INPUT;
        }
        if (snapshot != null && file == null) {
            err.println("podnet view: --snapshot needs a scenario FILE");
            return ExitCodes.BAD_INPUT;
        }
        if (device != null && !device.matches("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._@-]*)?")) {
            err.println("podnet view: --device: '" + device + "' is not NAMESPACE or NAMESPACE/DEVICE (e.g. node1, node1/eth0)");
            return ExitCodes.BAD_INPUT;
        }
        ViewModel model = null;
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                err.println("podnet view: " + file + ": no such file");
                return ExitCodes.BAD_INPUT;
            }
            try {
                model = loader.load(file);
            } catch (ScenarioLoadException e) {
                err.println(e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            if (device != null && model.network().namespace(device.split("/", 2)[0]) == null) {
                err.println("podnet view: --device: " + file + " has no namespace '" + device.split("/", 2)[0] + "'");
                return ExitCodes.BAD_INPUT;
            }
            try {
                index = new TraceIndex(model.trace());
            } catch (java.io.UncheckedIOException e) {
                err.println("podnet view: " + e.getCause().getMessage());
                return ExitCodes.BAD_INPUT;
            }
            int n = index.steps(allEvents).length;
            if (challenge) {
                for (var p : io.podnet.viewer.model.Challenges.unmatched(model.trace(),
                        index.steps(allEvents), model.network(), model.challengePoints())) {
                    err.println(p.where() + ": warning: challenge (traffic " + p.traffic() + ", kind " + p.kind()
                            + (p.at() == null ? "" : ", at " + p.at()) + ") matches no step of the run; it is not asked");
                }
            }
            if (step < 0 || (n > 0 && step >= n) || (n == 0 && step != 0)) {
                err.println("podnet view: --step " + step + " is out of range: " + file + " has "
                        + (n == 0 ? "no " + (allEvents ? "events" : "traffic steps (try --all-events)")
                                : "steps 0 to " + (n - 1) + (allEvents ? "" : " (" + model.trace().size()
                                        + " events with --all-events)")));
                return ExitCodes.BAD_INPUT;
            }
        }
        try {
            FxRuntime.start(snapshot != null);
        } catch (IllegalStateException e) {
            err.println("podnet view: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        try {
            return snapshot != null ? snapshot(model, out) : interactive(model);
        } finally {
            if (exitToolkit) {
                FxRuntime.stop();
            }
        }
    }

    private int snapshot(ViewModel model, PrintWriter out) throws Exception {
        ViewerWindow w = FxRuntime.call(() -> {
            ViewerWindow v = new ViewerWindow(loader);
            if (projectorPreset) {
                v.setProjector(true);
            }
            v.setFontScale(fontScale);
            v.setAllEvents(allEvents);
            Scene scene = new Scene(v.root(), width, height);
            v.root().applyCss();
            v.root().layout();
            v.setModel(model, index);
            if (challenge) {
                v.setChallenge(true);
                int at = step;
                for (var q : v.questions()) {
                    if (q.step() >= step) {
                        at = q.step();
                        break;
                    }
                }
                // Answer the earlier questions correctly so the player may stand at this one.
                for (var q : v.questions()) {
                    if (q.step() < at) {
                        v.goTo(q.step());
                        v.answer(q.answer());
                    }
                }
                v.goTo(at);
            } else {
                v.goTo(step);
            }
            if (field != null) {
                v.selectField(field);
            }
            if (hop) {
                v.showHop();
            }
            if (device != null) {
                String[] nd = device.split("/", 2);
                v.showDevice(nd[0], nd.length > 1 ? nd[1] : null);
            }
            return v;
        });
        FxRuntime.settle();
        WritableImage img = FxRuntime.call(() -> {
            w.settleLayout();
            w.topology().fit();
            w.snapshot();
            w.settleLayout();
            return w.snapshot();
        });
        Snapshots.writePng(img, snapshot);
        String what = FxRuntime.call(() -> w.stepCount() == 0 ? "no events"
                : "event " + w.currentEvent() + ", " + model.trace().get(w.currentEvent()).explanation());
        int count = FxRuntime.call(w::stepCount);
        out.printf(Locale.ROOT, "wrote %s (%dx%d, step %d / %d: %s)%n", snapshot, (int) img.getWidth(), (int) img.getHeight(),
                (int) FxRuntime.call(() -> w.player().step()), count - 1, what);
        out.flush();
        return 0;
    }

    private int interactive(ViewModel model) throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        FxRuntime.call(() -> {
            ViewerWindow v = new ViewerWindow(loader);
            if (projectorPreset) {
                v.setProjector(true);
            }
            v.setFontScale(fontScale);
            v.setAllEvents(allEvents);
            Stage stage = new Stage();
            stage.setTitle("podnet viewer" + (model == null ? "" : " — " + model.title()));
            stage.setScene(new Scene(v.root(), width, height));
            stage.setOnHidden(e -> closed.countDown());
            if (model != null) {
                v.setFile(file);
                v.setModel(model, index);
                v.setChallenge(challenge);
                v.goTo(challenge ? 0 : step);
            }
            stage.show();
            return null;
        });
        closed.await();
        return 0;
    }
}
