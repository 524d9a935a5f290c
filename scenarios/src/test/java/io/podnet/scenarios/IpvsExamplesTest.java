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
 * Every example under {@code --kube-proxy ipvs}: its expectations hold, except those listed in
 * {@link #IPTABLES_ONLY}; the seed example's text trace under IPVS is held line for line in
 * {@code golden/examples-ipvs/} (regenerate with {@code -Dpodnet.updateGolden=true}).
 */
class IpvsExamplesTest {
    static final Path DIR = Path.of("src/test/resources/golden/examples-ipvs");

    /**
     * Examples whose expectations name iptables-mode rules: {@code loadbalancer.yaml} expects the
     * other source dropped by iptables mode's {@code KUBE-FW-*} chain; in IPVS mode upstream drops it
     * in {@code KUBE-SOURCE-RANGES-FIREWALL} ({@link #loadBalancerSourceRangesDropInIpvsMode}).
     */
    static final java.util.Set<String> IPTABLES_ONLY = java.util.Set.of("loadbalancer.yaml");

    static Stream<Path> examples() throws Exception {
        return ExamplesTest.examples().filter(p -> !IPTABLES_ONLY.contains(p.getFileName().toString()));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void expectationsHoldUnderIpvs(Path example) throws Exception {
        RunResult r = Podnet.run(Podnet.withKubeProxy(Podnet.load(example), "ipvs"), null);
        List<ExpectationFailure> failures = Podnet.check(r);
        assertTrue(failures.isEmpty(), example + ": " + failures);
    }

    /** The allowed source is delivered (masqueraded, KUBE-LOAD-BALANCER marks it); the other is dropped by upstream's IPVS-mode rule. */
    @Test
    void loadBalancerSourceRangesDropInIpvsMode() throws Exception {
        RunResult r = Podnet.run(Podnet.withKubeProxy(Podnet.load(Path.of("examples/loadbalancer.yaml")), "ipvs"), null);
        String trace = TextTraceRenderer.render(r.trace(), false);
        assertTrue(trace.contains("iptables INPUT drops the packet (-A KUBE-SOURCE-RANGES-FIREWALL -j DROP)"), trace);
        List<ExpectationFailure> failures = Podnet.check(r);
        assertEquals(1, failures.size(), failures.toString());
        assertEquals("other-source", failures.get(0).expectation().traffic());
        assertEquals("droppedBy", failures.get(0).field());
    }

    @Test
    void seedTraceUnderIpvsMatchesTheGoldenFile() throws Exception {
        Path example = Path.of("examples/frontend-to-backend.yaml");
        Path golden = DIR.resolve("frontend-to-backend.txt");
        RunResult r = Podnet.run(Podnet.withKubeProxy(Podnet.load(example), "ipvs"), null);
        String actual = TextTraceRenderer.render(r.trace(), false);
        if (Boolean.getBoolean("podnet.updateGolden")) {
            Files.createDirectories(DIR);
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(golden), "missing " + golden + "; regenerate with -Dpodnet.updateGolden=true");
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual);
        assertTrue(actual.contains("IPVS virtual service TCP 10.96.0.10:80: scheduler rr picks real server 10.244.2.8:8080"),
                "the trace names the virtual service, the scheduler and the real server");
        assertTrue(actual.contains("conntrack reverses IPVS masquerading: source 10.244.2.8:8080 -> 10.96.0.10:80"));
    }
}
