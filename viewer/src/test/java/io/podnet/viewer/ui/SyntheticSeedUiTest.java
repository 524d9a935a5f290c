package io.podnet.viewer.ui;

import io.podnet.viewer.Fixtures;
import io.podnet.viewer.model.ViewModel;
import javafx.stage.Stage;
import org.testfx.framework.junit5.Start;

/** The UI tests on the hand-made seed trace (independent of the simulator's event details). */
class SyntheticSeedUiTest extends ViewerWindowUiTest {
    @Override
    ViewModel model() {
        return Fixtures.seed();
    }

    @Override
    String backend() {
        return "10.244.1.2:8080";
    }

    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }
}
