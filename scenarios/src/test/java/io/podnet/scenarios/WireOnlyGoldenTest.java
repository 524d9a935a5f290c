package io.podnet.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podnet.scenarios.run.RunResult;
import io.podnet.sim.cost.CostProfile;
import io.podnet.sim.trace.render.TextTraceRenderer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code --profile wire-only} is the simulator as it was before the CPU cost model: the seed
 * example's text trace under the wire-only profile is the golden trace recorded before the model
 * existed, byte for byte. (Do not regenerate this file: it is the reference for wire time only.)
 */
class WireOnlyGoldenTest {
    static final Path EXAMPLE = Path.of("examples/frontend-to-backend.yaml");
    static final Path GOLDEN = Path.of("src/test/resources/golden/frontend-to-backend.wire-only.txt");

    @Test
    void wireOnlyProfileGivesTheTraceOfTheSimulatorWithoutCosts() throws Exception {
        RunResult r = Podnet.run(Podnet.load(EXAMPLE), null, null, CostProfile.wireOnly());
        String actual = TextTraceRenderer.render(r.trace(), false);
        String expected = Files.readString(GOLDEN, StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            String[] g = expected.split("\n", -1);
            String[] a = actual.split("\n", -1);
            int i = 0;
            while (i < g.length && i < a.length && g[i].equals(a[i])) {
                i++;
            }
            assertEquals(i < g.length ? g[i] : "(end)", i < a.length ? a[i] : "(end)", "line " + (i + 1));
        }
    }
}
