package io.podnet.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.dataplane.exec.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bundled example under {@code --kube-proxy nftables}, realised with kube-proxy's table loaded
 * by the real {@code nft -f} (root; skipped when nft is missing). A flow must agree with the kernel,
 * or differ exactly as the same flow does in iptables mode (a difference that is not about the
 * kube-proxy mode, e.g. session-affinity's same-node TTL and its random first endpoint choice).
 */
class NftablesExamplesTest {
    static Stream<Path> examples() throws Exception {
        return ExamplesTest.examples();
    }

    private static VerifyReport verify(Path file, String mode) {
        VerifyInput in = ScenarioInput.load(file, null, mode);
        Assumptions.assumeFalse(in.traffic().isEmpty(), "no traffic in " + file);
        return new Verifier(new CommandRunner(), Verifier.Options.defaults(), null).verify(in);
    }

    private static List<String> verdicts(VerifyReport r) {
        List<String> out = new ArrayList<>();
        r.flows().forEach(f -> out.add(f.name() + (!f.checkable() ? " not checkable" : f.agree() ? " agrees" : " differs")));
        return out;
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleAgreesWithTheKernelUnderNftables(Path file) {
        Root.assumeRootAndTools();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nft")), "nft is missing");
        VerifyReport nft = verify(file, "nftables");
        System.out.println(nft.text());
        assertTrue(!nft.flows().isEmpty());
        if (!nft.agree()) {
            VerifyReport ipt = verify(file, "iptables");
            assertEquals(verdicts(ipt), verdicts(nft), "nftables mode differs where iptables mode does not:\n" + nft.text());
        }
    }
}
