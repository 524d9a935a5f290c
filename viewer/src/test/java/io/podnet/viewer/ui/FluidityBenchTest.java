package io.podnet.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.viewer.Fixtures;
import io.podnet.viewer.model.ViewModel;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Fluidity on a 50-node, 500-pod topology: plays 200 concurrent flows and reports, per frame, the
 * AnimationTimer pulse interval (wall time, which depends on machine load) and the CPU time the FX
 * thread and the renderer thread spent (which does not). It only logs (stdout and
 * target/fluidity.txt): machine load makes a timed assertion unreliable in a unit test. A minute
 * of measuring is a benchmark, not a test, so it runs only when asked: {@code -Dpodnet.bench=true}
 * (docs/viewer.md).
 */
@EnabledIfSystemProperty(named = "podnet.bench", matches = "true")
@ExtendWith(ApplicationExtension.class)
class FluidityBenchTest {
    private ViewerWindow window;
    private ViewModel model;
    private long setupMillis;

    @Start
    void start(Stage stage) {
        model = Fixtures.large(50, 10, 200, 7);
        window = new ViewerWindow(f -> model);
        stage.setScene(new Scene(window.root(), 1600, 1000));
        long t0 = System.nanoTime();
        window.setModel(model);
        setupMillis = (System.nanoTime() - t0) / 1_000_000;
        stage.show();
    }

    private static long rendererCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("QuantumRenderer")) {
                sum += Math.max(0, mx.getThreadCpuTime(t.getId()));
            }
        }
        return sum;
    }

    private String play(FxRobot robot, long millis) throws Exception {
        robot.interact(() -> {
            window.player().frames().clear();
            window.player().fxCpu().clear();
            window.player().play();
        });
        long r0 = rendererCpu();
        Thread.sleep(millis);
        robot.interact(() -> window.player().pause());
        long r1 = rendererCpu();
        int n = Math.max(1, window.player().frames().count());
        long[] cpu = window.player().fxCpu().sorted();
        double mean = 0;
        for (long c : cpu) {
            mean += c;
        }
        mean = cpu.length == 0 ? 0 : mean / cpu.length / 1e6;
        return String.format(Locale.ROOT, "%s%n      CPU per frame: FX thread mean %.1f ms, p95 %.1f ms; renderer %.1f ms",
                window.player().frames().summary(), mean, FrameStats.percentile(cpu, 95) / 1e6, (r1 - r0) / 1e6 / n);
    }

    /** Panels of one kind (header stack, decision, event list) in their own window. */
    private record Panels(Stage stage, java.util.function.IntConsumer show) {}

    private Panels panels(boolean legacy) {
        javafx.scene.Node hs;
        javafx.scene.Node dv;
        EventTable table = new EventTable(i -> { });
        table.setEvents(model.trace());
        java.util.function.IntConsumer show;
        var net = model.network();
        TraceIndexHolder ti = new TraceIndexHolder(new io.podnet.viewer.model.TraceIndex(model.trace()));
        if (legacy) {
            LegacyHeaderStackView h = new LegacyHeaderStackView();
            LegacyDecisionView d = new LegacyDecisionView();
            hs = h;
            dv = d;
            show = i -> {
                var e = model.trace().get(i);
                h.show(io.podnet.viewer.model.HeaderStack.of(e.packet(), ti.t().baseline(i)), "step " + i);
                d.show(e, io.podnet.viewer.model.DecisionDetail.of(e, net));
                table.getSelectionModel().clearAndSelect(i);
                table.scrollTo(Math.max(0, i - 2));
            };
        } else {
            HeaderStackView h = new HeaderStackView();
            DecisionView d = new DecisionView();
            hs = h;
            dv = d;
            show = i -> {
                var e = model.trace().get(i);
                h.show(io.podnet.viewer.model.HeaderStack.of(e.packet(), ti.t().baseline(i)), "step " + i);
                d.show(e, io.podnet.viewer.model.DecisionDetail.of(e, net));
                table.select(i);
            };
        }
        javafx.scene.layout.VBox root = new javafx.scene.layout.VBox(hs, dv, table);
        root.getStylesheets().add(ViewerWindow.class.getResource("viewer.css").toExternalForm());
        Stage st = new Stage();
        st.setScene(new Scene(root, 700, 1000));
        st.setX(legacy ? 0 : 760); // side by side: Monocle repaints the windows under a changed one
        st.setY(0);
        st.show();
        return new Panels(st, show);
    }

    private record TraceIndexHolder(io.podnet.viewer.model.TraceIndex t) {}

    /** FX thread and renderer CPU per refresh over {@code n} consecutive steps from {@code from}. */
    private double[] refreshCost(FxRobot robot, Panels p, int from, int n, long fxThread) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long f0 = mx.getThreadCpuTime(fxThread);
        long r0 = rendererCpu();
        for (int k = 0; k < n; k++) {
            int ev = from + k;
            robot.interact(() -> p.show().accept(ev));
            Thread.sleep(60); // let a pulse lay out and render the refresh
        }
        return new double[] {(mx.getThreadCpuTime(fxThread) - f0) / 1e6 / n, (rendererCpu() - r0) / 1e6 / n};
    }

    /** Before/after in one run: the rebuilt panels (legacy copies) against the reused ones, in alternating blocks. */
    private String refreshAb(FxRobot robot) throws Exception {
        long[] fx = new long[1];
        Panels[] ps = new Panels[2];
        robot.interact(() -> {
            fx[0] = Thread.currentThread().getId();
            // Only the panel windows on screen: Monocle repaints windows under a changed one.
            window.root().getScene().getWindow().hide();
            ps[0] = panels(true);
            ps[1] = panels(false);
        });
        WaitForAsyncUtils.waitForFxEvents();
        double[][] sum = new double[2][2];
        int n = 40;
        int blocks = 3;
        for (int b = 0; b < blocks; b++) {
            for (int kind = 0; kind < 2; kind++) {
                double[] c = refreshCost(robot, ps[kind], 200 + b * n, n, fx[0]);
                sum[kind][0] += c[0];
                sum[kind][1] += c[1];
            }
        }
        robot.interact(() -> {
            ps[0].stage().close();
            ps[1].stage().close();
        });
        double lf = sum[0][0] / blocks;
        double lr = sum[0][1] / blocks;
        double nf = sum[1][0] / blocks;
        double nr = sum[1][1] / blocks;
        return String.format(Locale.ROOT, "  panel refresh (header stack + decision + event list), %d refreshes each, alternating blocks:%n"
                + "    rebuilt nodes (before): FX thread %.1f ms, renderer %.1f ms per refresh%n"
                + "    reused nodes (after):   FX thread %.1f ms, renderer %.1f ms per refresh%n"
                + "    ratio after/before:     FX thread %.2f, renderer %.2f%n",
                blocks * n, lf, lr, nf, nr, nf / lf, nr / lr);
    }

    @Test
    void playing50Nodes500PodsLogsFrameTimes(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            window.goTo(300);
            window.settleLayout();
            try {
                Snapshots.writePng(window.snapshot(), Path.of("target/snapshots/large-50x10.png"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        robot.interact(() -> window.player().speedProperty().set(2));
        String slow = play(robot, 5000);
        robot.interact(() -> window.player().speedProperty().set(30));
        String fitted = play(robot, 5000);
        robot.interact(() -> window.topology().zoomAt(3, 400, 300));
        WaitForAsyncUtils.waitForFxEvents();
        String zoomed = play(robot, 4000);
        robot.interact(() -> window.topology().fit());
        robot.interact(() -> window.setPanelsMaxSpeed(Double.POSITIVE_INFINITY));
        String every500 = play(robot, 4000);
        robot.interact(() -> window.setPanelsMaxSpeed(ViewerWindow.PANELS_MAX_SPEED));
        String skipped = play(robot, 4000);
        String refresh = refreshAb(robot);
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        String report = String.format(Locale.ROOT,
                "fluidity: 50 nodes, 500 pods, 200 flows, %d events; set up in %d ms; %s; %d CPUs, load average %.1f%n"
                        + "  fitted view, 2 steps/s:  %s%n  fitted view, 30 steps/s: %s%n  zoomed 3x, 30 steps/s:   %s%n"
                        + "  30 steps/s, panels every 500 ms (no speed limit): %s%n"
                        + "  30 steps/s, panels wait for pause (limit 4 steps/s): %s%n%s",
                model.trace().size(), setupMillis, FxRuntime.headless() ? "Monocle headless, prism sw"
                        : "X display, prism " + System.getProperty("prism.order"),
                os.getAvailableProcessors(), os.getSystemLoadAverage(), slow, fitted, zoomed, every500, skipped, refresh);
        System.out.print(report);
        Files.writeString(Path.of("target/fluidity.txt"), report);
        assertTrue(window.player().step() > 0, "playback advanced");
    }
}
