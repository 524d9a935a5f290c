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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example under {@code --kube-proxy nftables}: its expectations hold (those that say
 * {@code kubeProxy: iptables} are not checked, those that say {@code kubeProxy: nftables} are), and the seed example's text trace under nftables is
 * held line for line in {@code golden/examples-nftables/} (regenerate with
 * {@code -Dpodnet.updateGolden=true}).
 */
class NftablesExamplesTest {
    static final Path DIR = Path.of("src/test/resources/golden/examples-nftables");

    static Stream<Path> examples() throws Exception {
        return ExamplesTest.examples();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void expectationsHoldUnderNftables(Path example) throws Exception {
        RunResult r = Podnet.run(Podnet.withKubeProxy(Podnet.load(example), "nftables"), null);
        List<ExpectationFailure> failures = Podnet.check(r);
        assertTrue(failures.isEmpty(), example + ": " + failures);
    }

    @Test
    void seedTraceUnderNftablesMatchesTheGoldenFile() throws Exception {
        Path example = Path.of("examples/frontend-to-backend.yaml");
        Path golden = DIR.resolve("frontend-to-backend.txt");
        RunResult r = Podnet.run(Podnet.withKubeProxy(Podnet.load(example), "nftables"), null);
        String actual = TextTraceRenderer.render(r.trace(), false);
        if (Boolean.getBoolean("podnet.updateGolden")) {
            Files.createDirectories(DIR);
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(golden), "missing " + golden + "; regenerate with -Dpodnet.updateGolden=true");
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual);
        assertTrue(actual.contains("nft ip kube-proxy chain services rule handle"), "the trace names nft rules");
    }
}
