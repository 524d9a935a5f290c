package io.podnet.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.trace.Decision;
import io.podnet.viewer.Fixtures;
import io.podnet.viewer.model.Challenges;
import io.podnet.viewer.model.ViewModel;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Challenge mode driven headless: a question holds the player, a click answers it, the score counts. */
@ExtendWith(ApplicationExtension.class)
class ChallengeUiTest {
    private ViewerWindow window;
    private ViewModel model;

    @Start
    void start(Stage stage) {
        model = Fixtures.seed();
        window = new ViewerWindow(f -> model);
        stage.setScene(new Scene(window.root(), 1400, 900));
        window.setModel(model);
        window.setChallenge(true);
        stage.show();
    }

    @Test
    void aQuestionHoldsThePlayerAndAClickAnswersIt(FxRobot robot) {
        assertFalse(window.questions().isEmpty(), "the seed has decision points");
        Challenges.Question q = window.questions().get(0);
        // The right answer is what the trace's event did.
        var e = model.trace().get(q.event());
        if (e.decision() instanceof Decision.RouteMatch r) {
            assertEquals(r.text(), q.correct());
        } else if (e.decision() instanceof Decision.Nat n) {
            assertEquals(n.to(), q.correct());
        }
        for (int i = 0; i < q.step() + 3; i++) {
            robot.clickOn("#step-forward");
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertEquals(q.step(), window.player().step(), "the unanswered question holds the player");
        assertEquals(q.prompt(), window.challenge().promptText());
        assertEquals(q.step(), window.table().getItems().size(), "the event list hides the step to predict");
        robot.clickOn("#option-" + q.answer());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.challenge().resultText().startsWith("✔ Right."), window.challenge().resultText());
        assertTrue(window.challenge().scoreText().startsWith("score 1 / 1"), window.challenge().scoreText());
        robot.clickOn("#step-forward");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(q.step() + 1, window.player().step(), "answered: the player moves on");
    }
}
