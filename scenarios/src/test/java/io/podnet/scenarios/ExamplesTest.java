package io.podnet.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.expect.ExpectationFailure;
import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.run.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every example scenario is a golden test: it loads without warnings, runs, and every expectation holds. */
class ExamplesTest {
    static Stream<Path> examples() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("examples"))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExpectationHolds(Path file) throws Exception {
        LoadedScenario loaded = Podnet.load(file);
        assertEquals(List.of(), loaded.warnings(), file + " loads without warnings");
        assertFalse(loaded.scenario().expectations().isEmpty(), file + " has expectations");
        RunResult r = Podnet.run(loaded, null);
        List<ExpectationFailure> failed = Podnet.check(r);
        assertTrue(failed.isEmpty(), file + ": " + failed.stream().map(ExpectationFailure::render).toList());
    }

    @Test
    void nodeFailureSplitsTrafficUntilTheEndpointIsRemoved() throws Exception {
        RunResult r = Podnet.run(Podnet.load(Path.of("examples/node-failure.yaml")), null);
        String survivor = r.cluster().podsOn("node2").stream().filter(p -> p.name().startsWith("web-")).findFirst()
                .orElseThrow().name();
        // Before the failure both replicas serve; after the endpoint update only the survivor does.
        assertEquals(2, r.flowsOf("before-failure").stream().map(FlowResult::servedBy).distinct().count());
        assertTrue(r.flowsOf("after-endpoint-removal").stream().allMatch(f -> survivor.equals(f.servedBy())));
        // During the grace period kube-proxy still picks the dead replica for some connections.
        List<FlowResult> grace = r.flowsOf("during-grace-period");
        long lost = grace.stream().filter(f -> f.outcome() == Outcome.DROPPED).count();
        long served = grace.stream().filter(f -> f.outcome() == Outcome.DELIVERED).count();
        assertEquals(6, lost + served);
        assertTrue(lost > 0 && served > 0, grace.toString());
        assertTrue(grace.stream().filter(f -> f.outcome() == Outcome.DROPPED)
                .allMatch(f -> f.detail().equals("dropped at node3/eth0 (NODE_DOWN): node3 is down; eth0 cannot receive")),
                grace.toString());
        // The failure and the rule reload are in the trace.
        assertTrue(r.trace().stream().anyMatch(e -> e.namespace().equals("node3") && e.time() == 100_000_000L
                && e.explanation().startsWith("scenario event: node node3 fails: its namespace and its pod web-")));
        assertTrue(r.trace().stream().anyMatch(e -> e.time() == 40_100_000_000L && e.explanation().equals(
                "scenario event: node node3 is NotReady: its pods' endpoints are no longer ready; kube-proxy reloads"
                        + " the rules of node1, node2, node3")));
    }
}
