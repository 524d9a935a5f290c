package io.podnet.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.model.Encapsulation;
import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.run.RunResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunExampleTest {
    @Test
    void frontendReachesTheBackendThroughVxlan() throws Exception {
        RunResult r = Podnet.run(Podnet.load(Path.of("examples/frontend-to-backend.yaml")), null);
        assertEquals("frontend-to-backend", r.scenarioName());
        assertEquals(42, r.seed());
        assertEquals(1, r.flows().size());
        FlowResult f = r.flows().get(0);
        assertEquals(Outcome.DELIVERED, f.outcome());
        assertEquals("backend-fghij", f.servedBy());
        assertEquals(Encapsulation.VXLAN, f.encapsulation());
        // HTTP text: the request head plus 200 body bytes; the response head plus 4096 body bytes.
        assertEquals(327, f.bytesSent());
        assertEquals(4193, f.bytesReceived());
        assertTrue(f.latencyNanos() > 4 * 50_000 && f.latencyNanos() < 1_000_000, "latency " + f.latencyNanos());
        List<String> path = f.path();
        assertEquals("frontend-abcde/eth0", path.get(0));
        assertEquals("backend-fghij/eth0", path.get(path.size() - 1));
        assertTrue(path.contains("node1/flannel.1") && path.contains("node2/flannel.1"), path.toString());
        assertTrue(path.contains("node1/eth0") && path.contains("node2/eth0"), path.toString());
        assertEquals("10.244.2.8", r.cluster().pod("default", "backend-fghij").ip().toString());
        assertTrue(Podnet.check(r).isEmpty(), Podnet.check(r).toString());
    }
}
