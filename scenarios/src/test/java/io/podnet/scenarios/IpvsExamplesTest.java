package io.podnet.scenarios;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.run.RunResult;
import io.podnet.sim.trace.render.TextTraceRenderer;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example under {@code --kube-proxy ipvs}: its expectations hold (an expectation scoped to
 * another mode with {@code kubeProxy:} is not checked); the seed example's text trace under IPVS is
 * held line for line in {@code golden/examples-ipvs/} (regenerate with {@code -Dpodnet.updateGolden=true}).
 */
class IpvsExamplesTest {
    static final Path DIR = Path.of("src/test/resources/golden/examples-ipvs");

    static Stream<Path> examples() throws Exception {
        return ExamplesTest.examples();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void expectationsHoldUnderIpvs(Path example) throws Exception {
        GoldenExamplesTest.assertExpectationsHoldUnder("ipvs", example);
    }

    /**
     * loadBalancerSourceRanges in IPVS mode: the allowed source is delivered (KUBE-LOAD-BALANCER marks
     * it for masquerade), the other is dropped by upstream's {@code KUBE-SOURCE-RANGES-FIREWALL} (the
     * example's {@code droppedBy} expectations are scoped to iptables and nftables modes).
     */
    @Test
    void loadBalancerSourceRangesDropInIpvsMode() throws Exception {
        RunResult r = Podnet.run(Podnet.withKubeProxy(Podnet.load(Path.of("examples/loadbalancer.yaml")), "ipvs"), null);
        String trace = TextTraceRenderer.render(r.trace(), false);
        assertTrue(trace.contains("iptables INPUT drops the packet (-A KUBE-SOURCE-RANGES-FIREWALL -j DROP)"), trace);
        assertTrue(trace.contains("IPVS virtual service TCP 203.0.113.10:80"), "the load balancer IP is a virtual service");
        assertTrue(Podnet.check(r).isEmpty(), Podnet.check(r).toString());
    }

    @Test
    void seedTraceUnderIpvsMatchesTheGoldenFile() throws Exception {
        String actual = GoldenExamplesTest.assertSeedTraceUnderMatchesTheGoldenFile("ipvs", DIR);
        assertTrue(actual.contains("IPVS virtual service TCP 10.96.0.10:80: scheduler rr picks real server 10.244.2.8:8080"),
                "the trace names the virtual service, the scheduler and the real server");
        assertTrue(actual.contains("conntrack reverses IPVS masquerading: source 10.244.2.8:8080 -> 10.96.0.10:80"));
    }
}
