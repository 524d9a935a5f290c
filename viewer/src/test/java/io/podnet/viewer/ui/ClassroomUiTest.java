package io.podnet.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.viewer.load.RunnerLoader;
import io.podnet.viewer.model.ViewModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Classroom layout: the font scale grows the drawing too (text, boxes, lines, markers), the
 * projector preset gives the drawing a pane it fills, and a resting packet marker never covers a
 * label of the drawing (checked by geometry at every event of two example runs).
 */
@ExtendWith(ApplicationExtension.class)
class ClassroomUiTest {
    private static ViewModel seed;
    private static ViewModel calico;
    private ViewerWindow window;

    @Start
    void start(Stage stage) throws Exception {
        if (seed == null) {
            seed = new RunnerLoader().load(Path.of("../scenarios/examples/frontend-to-backend.yaml"));
            calico = new RunnerLoader().load(Path.of("../scenarios/examples/calico-bgp.yaml"));
        }
        window = new ViewerWindow(f -> seed);
        stage.setScene(new Scene(window.root(), 1920, 1080));
        window.setModel(seed);
        stage.show();
    }

    private static double fontOf(TopologyView v, String text) {
        for (Text t : v.labels()) {
            if (t.getText().startsWith(text)) {
                return t.getFont().getSize();
            }
        }
        throw new AssertionError("no label " + text);
    }

    @Test
    void fontScaleScalesTheDrawingItsMarkersAndItsLines(FxRobot robot) {
        double[] before = new double[4];
        double[] after = new double[4];
        robot.interact(() -> {
            window.goTo(6);
            TopologyView v = window.topology();
            before[0] = fontOf(v, "frontend-abcde");
            before[1] = v.drawing().width();
            before[2] = v.markerNodes().iterator().next().getBoundsInParent().getWidth();
            before[3] = fontOf(v, "cni0");
            window.setProjector(true);
            window.goTo(6);
            after[0] = fontOf(v, "frontend-abcde");
            after[1] = v.drawing().width();
            after[2] = v.markerNodes().iterator().next().getBoundsInParent().getWidth();
            after[3] = fontOf(v, "cni0");
        });
        assertEquals(13 * 1.6, after[0], 1e-4, "pod name font at 1.6x");
        assertEquals(1.6, after[3] / before[3], 1e-4, "bridge label");
        assertEquals(1.6, after[1] / before[1], 0.05, "the layout grows with the text");
        assertEquals(1.6, after[2] / before[2], 0.05, "the marker grows with the text");
        assertTrue(window.projector());
    }

    @Test
    void theProjectorPresetsDrawingFillsItsPane(FxRobot robot) {
        robot.interact(() -> window.setProjector(true));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            window.settleLayout();
            window.topology().fit();
        });
        double[] r = new double[3];
        robot.interact(() -> {
            TopologyView v = window.topology();
            double z = v.zoom();
            r[0] = v.drawing().width() * z / v.getWidth();
            r[1] = v.drawing().height() * z / v.getHeight();
            r[2] = fontOf(v, "frontend-abcde") * z;
        });
        System.out.printf(java.util.Locale.ROOT, "projector 1920x1080: zoom fills %.2f x %.2f of the drawing pane; pod name %.1f px on screen, panes %.1f px%n",
                r[0], r[1], r[2], ViewerWindow.BASE_FONT * 1.6);
        // The drawing's text on screen is about as large as the panes' (it was ~12 px beside 21 px panes).
        assertTrue(r[2] > 0.8 * ViewerWindow.BASE_FONT * 1.6, "pod name on screen: " + r[2] + " px");
        // Fitted: one dimension is filled; the other is not left mostly empty (was ~60 % of the height).
        assertTrue(Math.max(r[0], r[1]) > 0.95, "fills one side: " + r[0] + " x " + r[1]);
        assertTrue(Math.min(r[0], r[1]) > 0.8, "and most of the other: " + r[0] + " x " + r[1]);
    }

    @Test
    void restingMarkersNeverCoverALabelInTheSeed(FxRobot robot) {
        checkNoMarkerOnLabel(robot, seed, 1.0);
        checkNoMarkerOnLabel(robot, seed, 1.6);
    }

    @Test
    void restingMarkersNeverCoverALabelUnderCalicoBgp(FxRobot robot) {
        checkNoMarkerOnLabel(robot, calico, 1.0);
    }

    private void checkNoMarkerOnLabel(FxRobot robot, ViewModel m, double scale) {
        List<String> bad = new ArrayList<>();
        int[] checked = new int[1];
        robot.interact(() -> {
            window.setFontScale(scale);
            window.setModel(m);
        });
        // In slices, so that no single FX task runs long on a loaded machine.
        for (int from = 0; from < m.trace().size(); from += 50) {
            int start = from;
            robot.interact(() -> {
                TopologyView v = window.topology();
                for (int ev = start; ev < Math.min(start + 50, m.trace().size()); ev++) {
                    v.show(ev, -1, 0);
                    for (Node marker : v.markerNodes()) {
                        Bounds mb = marker.getBoundsInParent();
                        checked[0]++;
                        for (Text t : v.labels()) {
                            if (mb.intersects(t.getBoundsInParent()) && bad.size() < 10) {
                                bad.add("event " + ev + ": marker " + mb + " covers '" + t.getText() + "' "
                                        + t.getBoundsInParent());
                            }
                        }
                    }
                }
            });
        }
        assertTrue(checked[0] > 100, "markers checked: " + checked[0]);
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    @Test
    void theControlPlaneIsDrawnSessionsMessagesRoutesAndTheFailedNode(FxRobot robot) {
        List<String> atRoute = new ArrayList<>();
        List<String> atMessage = new ArrayList<>();
        List<String> atEnd = new ArrayList<>();
        robot.interact(() -> {
            window.setModel(calico);
            window.filter().set(new io.podnet.viewer.model.EventFilter(null, null, null, null, false, true));
            TopologyView v = window.topology();
            boolean route = false;
            boolean message = false;
            for (int s = 0; s < window.stepCount() && !(route && message); s++) {
                window.goTo(s);
                var e = calico.trace().get(window.eventAt(s));
                if (!route && "bird".equals(e.device()) && e.kind() == io.podnet.sim.trace.EventKind.ROUTE) {
                    atRoute.addAll(v.controlShown());
                    route = true;
                }
                if (!message && "UPDATE".equals(io.podnet.viewer.model.ControlPlane.bgpMessage(e.packet()))) {
                    atMessage.addAll(v.controlShown());
                    message = true;
                }
            }
            window.goTo(window.stepCount() - 1);
            atEnd.addAll(v.controlShown());
        });
        assertTrue(atRoute.stream().anyMatch(t -> t.startsWith("route installed ") && t.contains("proto bird")), atRoute.toString());
        assertTrue(atRoute.stream().anyMatch(t -> t.endsWith(" ESTABLISHED")), atRoute.toString());
        assertTrue(atMessage.stream().anyMatch(t -> t.startsWith("message UPDATE ")), atMessage.toString());
        assertTrue(atEnd.contains("failed node3"), atEnd.toString());
        assertEquals(3, atEnd.stream().filter(t -> t.startsWith("session ")).count(), atEnd.toString());
        assertTrue(window.legend().texts().contains("BGP session established"));
    }
}
