package io.podnet.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.trace.file.TraceFileList;
import io.podnet.viewer.load.RunnerLoader;
import io.podnet.viewer.model.ViewModel;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * One window opens run after run (File ▸ Open, drag and drop, reload): each replaced run's trace
 * file is closed (its reader refuses to read), the shown one stays open, and an open that fails
 * leaves the shown run and its file as they were.
 */
@ExtendWith(ApplicationExtension.class)
class OpenClosesTraceUiTest {
    private static final Path SEED = Path.of("../scenarios/examples/frontend-to-backend.yaml");
    private static final Path DNS = Path.of("../scenarios/examples/dns.yaml");

    private final List<ViewModel> loaded = new CopyOnWriteArrayList<>();
    private ViewerWindow window;

    @Start
    void start(Stage stage) {
        RunnerLoader runner = new RunnerLoader();
        window = new ViewerWindow(f -> {
            ViewModel m = runner.load(f);
            loaded.add(m);
            return m;
        });
        stage.setScene(new Scene(window.root(), 1200, 800));
        stage.show();
    }

    private void openAndWait(FxRobot robot, Path file, int loads) throws Exception {
        robot.interact(() -> window.open(file));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> loaded.size() == loads
                && window.model() == loaded.get(loads - 1));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static boolean isClosed(ViewModel m) {
        try {
            ((TraceFileList) m.trace()).reader().read(0);
            return false;
        } catch (UncheckedIOException e) {
            assertTrue(e.getCause().getMessage().contains("the trace file was closed"), e.getCause().getMessage());
            return true;
        }
    }

    @Test
    void openingAnotherRunClosesThePreviousRunsTraceFile(FxRobot robot) throws Exception {
        openAndWait(robot, SEED, 1);
        ViewModel first = loaded.get(0);
        assertTrue(first.trace() instanceof TraceFileList);
        assertTrue(!isClosed(first));

        openAndWait(robot, DNS, 2);
        ViewModel second = loaded.get(1);
        assertTrue(isClosed(first), "the first run's trace file is closed once the second is shown");
        assertTrue(!isClosed(second));

        openAndWait(robot, SEED, 3); // the same file again (File ▸ Reload): a new run, a new file
        assertTrue(isClosed(second));
        assertTrue(!isClosed(loaded.get(2)));

        // An open that fails shows an error and keeps the shown run, its trace file open.
        int windows = robot.listWindows().size();
        robot.interact(() -> window.open(Path.of("no-such-scenario.yaml")));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.listWindows().size() > windows);
        assertEquals(3, loaded.size());
        assertSame(loaded.get(2), window.model());
        assertTrue(!isClosed(loaded.get(2)));
        for (Window w : robot.listWindows()) {
            if (w instanceof Stage s && s.getScene() != null && s.getScene().getRoot() != window.root()) {
                robot.interact(s::close);
            }
        }
        ((TraceFileList) loaded.get(2).trace()).close();
    }
}
