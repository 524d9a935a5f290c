package io.podnet.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.expect.ExpectationFailure;
import io.podnet.scenarios.run.RunResult;
import io.podnet.sim.trace.render.TextTraceRenderer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example's text trace, at the example's own seed, line for line: a change of behaviour
 * anywhere in the model shows up here as a readable diff of the hops it changed. After an intended
 * change, regenerate with {@code -Dpodnet.updateGolden=true} (docs/cli.md) and review the diff.
 * The seed example's JSON trace is held byte for byte by {@link GoldenTraceTest}.
 */
class GoldenExamplesTest {
    static final Path DIR = Path.of("src/test/resources/golden/examples");

    static Stream<Path> examples() throws Exception {
        return ExamplesTest.examples();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void textTraceMatchesTheGoldenFile(Path example) throws Exception {
        String name = example.getFileName().toString().replaceFirst("\\.yaml$", ".txt");
        Path golden = DIR.resolve(name);
        RunResult r = Podnet.run(Podnet.load(example), null);
        String actual = TextTraceRenderer.render(r.trace(), false);
        if (Boolean.getBoolean("podnet.updateGolden")) {
            Files.createDirectories(DIR);
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(golden), "missing " + golden + "; regenerate with -Dpodnet.updateGolden=true");
        String expected = Files.readString(golden, StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            String[] g = expected.split("\n", -1);
            String[] a = actual.split("\n", -1);
            int i = 0;
            while (i < g.length && i < a.length && g[i].equals(a[i])) {
                i++;
            }
            assertEquals(i < g.length ? g[i] : "(end of golden file)", i < a.length ? a[i] : "(end of trace)",
                    example + ": trace differs from " + golden + " at line " + (i + 1));
        }
    }

    /**
     * Every example under {@code --kube-proxy mode}: its expectations hold (those scoped to another
     * mode with {@code kubeProxy:} are not checked).
     */
    static void assertExpectationsHoldUnder(String mode, Path example) throws Exception {
        RunResult r = Podnet.run(Podnet.withKubeProxy(Podnet.load(example), mode), null);
        List<ExpectationFailure> failures = Podnet.check(r);
        assertTrue(failures.isEmpty(), example + ": " + failures);
    }

    /**
     * The seed example's text trace under {@code --kube-proxy mode}, held line for line in
     * {@code dir/frontend-to-backend.txt} (regenerated with {@code -Dpodnet.updateGolden=true}); returns the trace.
     */
    static String assertSeedTraceUnderMatchesTheGoldenFile(String mode, Path dir) throws Exception {
        Path example = Path.of("examples/frontend-to-backend.yaml");
        Path golden = dir.resolve("frontend-to-backend.txt");
        RunResult r = Podnet.run(Podnet.withKubeProxy(Podnet.load(example), mode), null);
        String actual = TextTraceRenderer.render(r.trace(), false);
        if (Boolean.getBoolean("podnet.updateGolden")) {
            Files.createDirectories(dir);
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(golden), "missing " + golden + "; regenerate with -Dpodnet.updateGolden=true");
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual);
        return actual;
    }
}
