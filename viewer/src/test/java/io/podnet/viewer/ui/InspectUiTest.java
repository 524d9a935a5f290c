package io.podnet.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.viewer.layout.Box;
import io.podnet.viewer.load.RunnerLoader;
import io.podnet.viewer.model.EventFilter;
import io.podnet.viewer.model.Topology;
import io.podnet.viewer.model.ViewModel;
import java.nio.file.Path;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Clicking a device opens its tables at the step; the event filter; the hop in/out view. */
@ExtendWith(ApplicationExtension.class)
class InspectUiTest {
    private static ViewModel seed;
    private ViewerWindow window;

    @Start
    void start(Stage stage) throws Exception {
        if (seed == null) {
            seed = new RunnerLoader().load(Path.of("../scenarios/examples/frontend-to-backend.yaml"));
        }
        window = new ViewerWindow(f -> seed);
        stage.setScene(new Scene(window.root(), 1600, 1000));
        window.setModel(seed);
        stage.show();
    }

    private Point2D onScreen(Box b) {
        TopologyView v = window.topology();
        Point2D p = v.toScreen(b.centre());
        return v.localToScreen(p);
    }

    @Test
    void clickingADeviceShowsItsTablesAtThisStepAndTheyFollowTheSteps(FxRobot robot) {
        robot.interact(() -> window.goTo(2));
        Box eth0 = window.topology().drawing().deviceBox(new Topology.Endpoint("node1", "eth0"));
        robot.clickOn(onScreen(eth0));
        WaitForAsyncUtils.waitForFxEvents();
        var shown = window.deviceTables().shown();
        assertNotNull(shown, "a click on node1's eth0 opens its tables");
        assertEquals("node1", shown.namespace());
        assertEquals("eth0", shown.device());
        assertEquals(window.eventAt(2), shown.upTo());
        assertTrue(shown.section("ip -s link").lines().get(0).contains("TX 0 packets"), "nothing sent yet at step 2");
        robot.interact(() -> window.goTo(40));
        var later = window.deviceTables().shown();
        assertEquals(window.eventAt(40), later.upTo());
        assertTrue(!later.section("ip -s link").lines().get(0).contains("TX 0 packets"),
                "the SYN left through eth0 by step 40: " + later.section("ip -s link").lines().get(0));
        // A click on a pod (not on its interface) opens the pod's tables.
        Box pod = window.topology().drawing().podBoxes().get("frontend-abcde");
        robot.clickOn(onScreen(new Box(pod.x(), pod.y(), pod.w(), pod.h() * 0.3)));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("frontend-abcde", window.deviceTables().shown().namespace());
    }

    @Test
    void theFilterBarNarrowsTheStepsAndArpBecomesSteps(FxRobot robot) {
        int all = window.stepCount();
        robot.clickOn("#filter-node");
        robot.clickOn("node2");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("node2", window.filter().filter().node());
        int node2 = window.stepCount();
        assertTrue(node2 > 0 && node2 < all, node2 + " of " + all);
        for (int s = 0; s < node2; s++) {
            String ns = seed.trace().get(window.eventAt(s)).namespace();
            assertEquals("node2", Topology.of(seed.network()).hostOf(ns));
        }
        assertEquals(node2, window.table().getItems().size(), "the event list shows the filtered steps");
        robot.interact(() -> window.filter().set(EventFilter.NONE));
        assertEquals(all, window.stepCount());
        robot.clickOn("#filter-arp");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.stepCount() > all, "ARP steps added");
        boolean anyArp = false;
        for (int s = 0; s < window.stepCount(); s++) {
            anyArp |= EventFilter.isArp(seed.trace().get(window.eventAt(s)));
        }
        assertTrue(anyArp);
    }

    @Test
    void theHopViewShowsWhatNode1ReadAndWrote(FxRobot robot) {
        robot.interact(() -> window.goTo(6));
        var h = window.hop().shown();
        assertNotNull(h);
        assertEquals("node1", h.namespace());
        assertEquals("added", h.row("VXLAN").change());
        assertTrue(h.row("IPv4 (inner)").change().contains("TTL 64 → 63"));
    }
}
