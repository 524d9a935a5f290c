package io.podnet.viewer.ui;

import io.podnet.viewer.load.RunnerLoader;
import io.podnet.viewer.model.ViewModel;
import javafx.stage.Stage;
import org.testfx.framework.junit5.Start;
import java.nio.file.Path;

/** The UI tests on the real seed example, run by the scenarios module's runner. */
class SeedScenarioUiTest extends ViewerWindowUiTest {
    static final Path SEED = Path.of("../scenarios/examples/frontend-to-backend.yaml");

    @Override
    ViewModel model() throws Exception {
        return new RunnerLoader().load(SEED);
    }

    @Override
    String backend() {
        return "10.244.2.8:8080";
    }

    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }
}
