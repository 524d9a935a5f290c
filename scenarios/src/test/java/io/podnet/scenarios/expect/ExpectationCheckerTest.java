package io.podnet.scenarios.expect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.model.Encapsulation;
import io.podnet.scenarios.model.Expectation;
import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.source.SourceLocation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpectationCheckerTest {
    static final List<String> ACTUAL = List.of("a/eth0", "node1/veth1", "node1/cni0", "node1/flannel.1", "node1/eth0",
            "node2/eth0", "node2/flannel.1", "node2/cni0", "node2/veth2", "b/eth0");

    @Test
    void pathIsAnOrderedSubsequenceWithGlobs() {
        assertNull(ExpectationChecker.pathDivergence(List.of("a/eth0", "node1/cni0", "node1/flannel.1",
                "node2/flannel.1", "node2/cni0", "b/eth0"), ACTUAL));
        assertNull(ExpectationChecker.pathDivergence(List.of("a/eth0", "node1/veth*", "b/eth0"), ACTUAL));
        assertEquals("diverged after node1/flannel.1: expected node3/flannel.1 next, but the packet then crossed"
                + " node1/eth0 -> node2/eth0 -> node2/flannel.1 -> node2/cni0 -> node2/veth2 -> b/eth0",
                ExpectationChecker.pathDivergence(List.of("a/eth0", "node1/flannel.1", "node3/flannel.1"), ACTUAL));
        assertEquals("diverged at the first hop: expected c/eth0 next, but the packet then crossed "
                + String.join(" -> ", ACTUAL), ExpectationChecker.pathDivergence(List.of("c/eth0"), ACTUAL));
    }

    @Test
    void everyFailingFieldIsReportedWithExpectedAndActual() {
        SourceLocation at = new SourceLocation("s.yaml", 30, 5);
        Expectation x = new Expectation(0, "call", at, Outcome.DELIVERED, "pod/backend-*", Encapsulation.VXLAN,
                null, 1_000L, null, Map.of("outcome", new SourceLocation("s.yaml", 31, 14),
                "servedBy", new SourceLocation("s.yaml", 32, 15)));
        FlowResult f = new FlowResult("call", "call", 0, Outcome.REFUSED, null, Encapsulation.NONE, ACTUAL, 0, -1,
                100, 0, "ECONNREFUSED (Connection refused)");
        List<ExpectationFailure> failures = ExpectationChecker.check(x, f);
        assertEquals(List.of("outcome", "servedBy", "encapsulation", "maxLatency"),
                failures.stream().map(ExpectationFailure::field).toList());
        assertEquals("s.yaml:31:14: expectation 1 (traffic call) failed: outcome\n  expected: delivered\n"
                + "  actual:   refused\n  why: ECONNREFUSED (Connection refused)", failures.get(0).render());
        assertEquals("s.yaml:32:15: expectation 1 (traffic call) failed: servedBy\n  expected: pod/backend-*\n"
                + "  actual:   no pod served it (refused)", failures.get(1).render());
        assertTrue(failures.get(2).render().startsWith("s.yaml:30:5: "), "falls back to the expectation's position");
    }
}
