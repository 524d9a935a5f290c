package io.podnet.viewer.ui;

import io.podnet.viewer.model.Challenges;
import java.util.function.IntConsumer;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Challenge mode's panel: the question at this step with one button per option, then whether the
 * answer was right, the right answer and its explanation from the trace, and the score so far.
 */
public final class ChallengeView extends VBox {
    private final Label score = new Label();
    private final Label prompt = new Label();
    private final VBox options = new VBox(4);
    private final Label result = new Label();

    public ChallengeView() {
        setId("challenge");
        setSpacing(6);
        setPadding(new Insets(8));
        getStyleClass().add("challenge");
        Label title = new Label("Challenge: predict the next step");
        title.getStyleClass().add("panel-title");
        prompt.setId("challenge-prompt");
        prompt.getStyleClass().add("explanation");
        prompt.setWrapText(true);
        prompt.setMinHeight(Region.USE_PREF_SIZE);
        result.setId("challenge-result");
        result.setWrapText(true);
        result.setMinHeight(Region.USE_PREF_SIZE);
        score.setId("challenge-score");
        getChildren().addAll(title, score, prompt, options, result);
    }

    /** Shows {@code q} unanswered; {@code choose} gets the option picked. */
    void ask(Challenges.Question q, int number, int total, String scoreText, IntConsumer choose) {
        score.setText(scoreText + "   ·   question " + number + " of " + total);
        prompt.setText(q.prompt());
        options.getChildren().clear();
        for (int i = 0; i < q.options().size(); i++) {
            int k = i;
            Button b = new Button((char) ('A' + i) + "   " + q.options().get(i));
            b.setId("option-" + i);
            b.setMaxWidth(Double.MAX_VALUE);
            b.setWrapText(true);
            b.setOnAction(e -> choose.accept(k));
            options.getChildren().add(b);
        }
        result.setText("Choose an answer; the trace then shows what happened.");
    }

    /** Shows {@code q} answered with {@code chosen}. */
    void answered(Challenges.Question q, int chosen, String scoreText) {
        score.setText(scoreText);
        prompt.setText(q.prompt());
        for (int i = 0; i < options.getChildren().size(); i++) {
            Button b = (Button) options.getChildren().get(i);
            b.setDisable(true);
            b.setStyle(i == q.answer() ? "-fx-background-color: #c6f6d5;" : i == chosen ? "-fx-background-color: #fed7d7;" : "");
        }
        result.setText((chosen == q.answer() ? "✔ Right. " : "✘ Not quite: the answer is " + q.correct() + ". ")
                + "The trace: " + q.explanation());
    }

    /** Between questions. */
    void idle(String text, String scoreText) {
        score.setText(scoreText);
        prompt.setText(text);
        options.getChildren().clear();
        result.setText("");
    }

    public String promptText() {
        return prompt.getText();
    }

    public String resultText() {
        return result.getText();
    }

    public String scoreText() {
        return score.getText();
    }
}
