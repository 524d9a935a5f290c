package io.podnet.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.viewer.load.RunnerLoader;
import io.podnet.viewer.model.ViewModel;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The legend lists only what the cluster has: Calico BGP has no bridge and no tunnel device. */
@ExtendWith(ApplicationExtension.class)
class LegendUiTest {
    private ViewerWindow window;

    @Start
    void start(Stage stage) throws Exception {
        ViewModel m = new RunnerLoader().load(Path.of("../scenarios/examples/calico-bgp.yaml"));
        window = new ViewerWindow(f -> m);
        stage.setScene(new Scene(window.root(), 1200, 800));
        window.setModel(m);
        stage.show();
    }

    @Test
    void calicoBgpHasNeitherCni0NorVxlan() {
        List<String> t = window.legend().texts();
        assertTrue(t.contains("node NIC"), t.toString());
        assertTrue(t.contains("veth pair"), t.toString());
        assertFalse(t.stream().anyMatch(s -> s.contains("cni0") || s.contains("VXLAN") || s.contains("bridge")), t.toString());
    }
}
