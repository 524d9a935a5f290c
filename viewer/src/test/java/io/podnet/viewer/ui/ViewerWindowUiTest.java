package io.podnet.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.viewer.model.HeaderStack;
import io.podnet.viewer.model.ViewModel;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableRow;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Clicks through the seed scenario headless (Monocle) and checks what the panels show. Subclasses
 * give the run: the real example scenario through the runner, and the hand-made synthetic trace.
 */
@ExtendWith(ApplicationExtension.class)
abstract class ViewerWindowUiTest {
    private ViewerWindow window;
    private ViewModel model;

    /** The run to view. */
    abstract ViewModel model() throws Exception;

    /** Called from each subclass's {@code @Start} (TestFX only looks at the test class's own methods). */
    void open(Stage stage) throws Exception {
        model = model();
        window = new ViewerWindow(f -> model);
        stage.setScene(new Scene(window.root(), 1400, 900));
        window.setModel(model);
        stage.show();
    }

    /** The backend address:port the Service is DNAT'd to. */
    abstract String backend();

    private TraceEvent current() {
        return model.trace().get(window.currentEvent());
    }

    /** Clicks "Step ▶" until the current event matches, failing after the whole trace. */
    private void stepUntil(FxRobot robot, Predicate<TraceEvent> p) {
        for (int i = 0; i < 200 && !p.test(current()); i++) {
            robot.clickOn("#step-forward");
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertTrue(p.test(current()), "no such step; stopped at " + window.player().step());
    }

    private static Set<Label> labels(FxRobot robot, String under) {
        return robot.lookup(under + " .label").queryAllAs(Label.class);
    }

    private static boolean anyLabel(Set<Label> ls, String text) {
        return ls.stream().anyMatch(l -> l.getText() != null && l.getText().contains(text));
    }

    @Test
    void steppingToTheDnatShowsTheRuleInsideTheNodesIptablesText(FxRobot robot) {
        stepUntil(robot, e -> e.decision() instanceof Decision.RuleHit r && r.verdict().equals("DNAT"));
        Decision.RuleHit rule = (Decision.RuleHit) current().decision();
        String hit = window.decision().highlightedLine();
        assertNotNull(hit);
        assertTrue(hit.startsWith("-A " + rule.chain() + " ") && hit.contains("-j DNAT --to-destination " + backend()), hit);
        assertTrue(window.decision().shown().listing().title().startsWith("iptables-save (node1)"));
        // The highlighted line is a real cell of the listing, styled as the hit.
        boolean styled = robot.lookup("#listing .list-cell").queryAllAs(ListCell.class).stream()
                .anyMatch(c -> c.getPseudoClassStates().contains(DecisionView.HIT) && hit.equals(c.getText()));
        assertTrue(styled, "the DNAT rule is highlighted in the iptables-save listing");
        assertTrue(((Label) robot.lookup("#decision-heading").query()).getText().contains("DNAT"));
        // At the translation (the same event or the next), the header stack marks the new destination.
        stepUntil(robot, e -> window.headers().shown().layer("IPv4") != null
                && window.headers().shown().layer("IPv4").field("dst").changed());
        HeaderStack.Field dst = window.headers().shown().layer("IPv4").field("dst");
        assertEquals("10.96.0.10", dst.previous());
        assertEquals(backend().split(":")[0], dst.value());
        assertTrue(anyLabel(labels(robot, "#header-stack"), "▲ dst: " + dst.value() + "  (was 10.96.0.10)"));
    }

    @Test
    void steppingToTheEncapsulationShowsTheVxlanHeaderWithVni1(FxRobot robot) {
        stepUntil(robot, e -> e.decision() instanceof Decision.Tunnel && e.after() != null && e.after().headers().size() > 4);
        assertNotNull(robot.lookup("#layer-VXLAN").query(), "a VXLAN layer is drawn");
        Set<Label> vx = labels(robot, "#layer-VXLAN");
        assertTrue(anyLabel(vx, "VNI: 1"), "VNI 1 shown");
        assertTrue(anyLabel(vx, "NEW"), "the VXLAN header is new at this hop");
        HeaderStack hs = window.headers().shown();
        assertEquals("1", hs.layer("VXLAN").field("VNI").value());
        assertTrue(hs.layer("IPv4 (outer)").added());
        assertFalse(hs.layer("IPv4 (inner)").added());
        assertEquals("8472", hs.layer("UDP (outer)").field("dst port").value());
        assertTrue(((Label) robot.lookup("#decision-heading").query()).getText().contains("VNI 1"));
    }

    @Test
    void clickingTheVniInTheFieldTreeHighlightsItsThreeBytes(FxRobot robot) {
        stepUntil(robot, e -> e.decision() instanceof Decision.Tunnel && e.after() != null && e.after().headers().size() > 4);
        robot.clickOn("Fields + bytes");
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> window.bytes().select("VXLAN"));
        // Expand the VXLAN branch by the selection above, then click the VNI row as a user would.
        robot.clickOn(robot.lookup("#field-tree .tree-cell").match((Node n) -> n instanceof javafx.scene.control.TreeCell<?> c
                && c.getText() != null && c.getText().startsWith("VNI:")).queryAs(Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("VNI: 1", window.bytes().selected().label());
        // RFC 7348 section 5: the VNI is the 24 bits after the flags byte and 3 reserved bytes.
        assertEquals("00 00 01", window.bytes().highlightedHex());
    }

    @Test
    void stepBackAndEventRowsJump(FxRobot robot) {
        robot.clickOn("#step-forward").clickOn("#step-forward").clickOn("#step-forward");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(3, window.player().step());
        robot.clickOn("#step-back");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, window.player().step());
        // Click the row of step 5 in the event list.
        TableRow<?> row = robot.lookup("#events .table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> r.getIndex() == 5 && r.getItem() != null).findFirst().orElseThrow();
        robot.clickOn((Node) row);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(5, window.player().step());
        assertTrue(((Label) robot.lookup("#step-label").query()).getText().startsWith("step 5 / "));
        robot.type(javafx.scene.input.KeyCode.RIGHT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(6, window.player().step());
    }

    @Test
    void playAdvancesAndPauseStops(FxRobot robot) throws Exception {
        robot.interact(() -> window.player().speedProperty().set(6));
        robot.clickOn("#play");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.player().step() >= 3);
        robot.clickOn("#play");
        WaitForAsyncUtils.waitForFxEvents();
        int at = window.player().step();
        assertFalse(window.player().playingProperty().get());
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(at, window.player().step(), "paused");
        assertTrue(window.topology().packetMarkers() >= 1, "the packet is drawn");
    }

    @Test
    void stepsFollowTheTrafficAndTheViewMenuShowsEveryEvent(FxRobot robot) {
        // The default steps are the traffic's packets: no ARP, no neighbour resolution, no chain jumps.
        for (int s = 0; s < window.stepCount(); s++) {
            TraceEvent e = model.trace().get(window.eventAt(s));
            assertTrue(e.kind() == io.podnet.sim.trace.EventKind.DROP || e.flow() != null, e.explanation());
            assertFalse(e.kind() == io.podnet.sim.trace.EventKind.NEIGHBOUR, e.explanation());
            assertFalse(e.decision() instanceof Decision.RuleHit r && r.verdict().equals("JUMP"), e.explanation());
        }
        assertEquals(window.stepCount(), window.table().getItems().size(), "the event list follows the steps");
        assertTrue(window.stepCount() < model.trace().size());
        robot.clickOn("#step-forward").clickOn("#step-forward");
        WaitForAsyncUtils.waitForFxEvents();
        int at = window.currentEvent();
        robot.clickOn("View").clickOn("Step through every event (ARP, chain jumps, notes)");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.allEvents());
        assertEquals(model.trace().size(), window.stepCount());
        assertEquals(model.trace().size(), window.table().getItems().size());
        assertEquals(at, window.currentEvent(), "switching keeps the current event");
        assertEquals(at, window.player().step());
        robot.clickOn("View").clickOn("Step through every event (ARP, chain jumps, notes)");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(window.allEvents());
        assertEquals(at, window.currentEvent());
    }

    @Test
    void largeFontsFromTheViewMenu(FxRobot robot) {
        robot.clickOn("View").clickOn("Large fonts (classroom)");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1.6, window.fontScale(), 1e-9);
        assertTrue(window.root().getStyle().contains("20.8px"), window.root().getStyle());
    }
}
