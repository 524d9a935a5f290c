package io.podnet.scenarios;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.run.RunResult;
import io.podnet.sim.trace.render.JsonTraceRenderer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The seed example's JSON trace at seed 42, byte for byte. After an intended change of behaviour,
 * regenerate the golden file with {@code -Dpodnet.updateGolden=true} (see docs/cli.md) and review
 * the diff.
 */
class GoldenTraceTest {
    static final Path EXAMPLE = Path.of("examples/frontend-to-backend.yaml");
    static final Path GOLDEN = Path.of("src/test/resources/golden/frontend-to-backend.seed42.json");

    static byte[] traceAt42() throws Exception {
        RunResult r = Podnet.run(Podnet.load(EXAMPLE), 42L);
        return JsonTraceRenderer.render(r.trace()).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void exampleTraceMatchesTheGoldenFile() throws Exception {
        byte[] actual = traceAt42();
        if (Boolean.getBoolean("podnet.updateGolden")) {
            Files.write(GOLDEN, actual);
        }
        assertTrue(Files.exists(GOLDEN), "missing " + GOLDEN + "; regenerate with -Dpodnet.updateGolden=true");
        byte[] golden = Files.readAllBytes(GOLDEN);
        if (!java.util.Arrays.equals(golden, actual)) {
            String[] g = new String(golden, StandardCharsets.UTF_8).split("\n", -1);
            String[] a = new String(actual, StandardCharsets.UTF_8).split("\n", -1);
            int i = 0;
            while (i < g.length && i < a.length && g[i].equals(a[i])) {
                i++;
            }
            assertEquals(i < g.length ? g[i] : "(end of golden file)", i < a.length ? a[i] : "(end of trace)",
                    "trace differs from " + GOLDEN + " at line " + (i + 1));
        }
    }

    @Test
    void twoRunsGiveIdenticalBytes() throws Exception {
        assertArrayEquals(traceAt42(), traceAt42());
    }

    @Test
    void anotherSeedChangesTheRandomChoices() throws Exception {
        RunResult a = Podnet.run(Podnet.load(EXAMPLE), 42L);
        RunResult b = Podnet.run(Podnet.load(EXAMPLE), 7L);
        assertEquals(42, a.seed());
        assertEquals(7, b.seed());
        assertTrue(!JsonTraceRenderer.render(a.trace()).equals(JsonTraceRenderer.render(b.trace())));
    }
}
