package io.podnet.scenarios;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
        GoldenExamplesTest.assertExpectationsHoldUnder("nftables", example);
    }

    @Test
    void seedTraceUnderNftablesMatchesTheGoldenFile() throws Exception {
        String actual = GoldenExamplesTest.assertSeedTraceUnderMatchesTheGoldenFile("nftables", DIR);
        assertTrue(actual.contains("nft ip kube-proxy chain services rule handle"), "the trace names nft rules");
    }
}
