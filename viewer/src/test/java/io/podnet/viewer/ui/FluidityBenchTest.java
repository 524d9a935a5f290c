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
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Fluidity on a 50-node, 500-pod topology: plays 200 concurrent flows and reports, per frame, the
 * AnimationTimer pulse interval (wall time, which depends on machine load) and the CPU time the FX
 * thread and the renderer thread spent (which does not). It only logs (stdout and
 * target/fluidity.txt): machine load makes a timed assertion unreliable in a unit test.
 */
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
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        String report = String.format(Locale.ROOT,
                "fluidity: 50 nodes, 500 pods, 200 flows, %d events; set up in %d ms; %s; %d CPUs, load average %.1f%n"
                        + "  fitted view, 2 steps/s:  %s%n  fitted view, 30 steps/s: %s%n  zoomed 3x, 30 steps/s:   %s%n",
                model.trace().size(), setupMillis, FxRuntime.headless() ? "Monocle headless, prism sw"
                        : "X display, prism " + System.getProperty("prism.order"),
                os.getAvailableProcessors(), os.getSystemLoadAverage(), slow, fitted, zoomed);
        System.out.print(report);
        Files.writeString(Path.of("target/fluidity.txt"), report);
        assertTrue(window.player().step() > 0, "playback advanced");
    }
}
