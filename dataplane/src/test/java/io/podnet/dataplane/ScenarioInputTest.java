package io.podnet.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.run.RuleReload;
import io.podnet.scenarios.run.RunResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a scenario's events become steps the kernel replays (no kernel needed). */
class ScenarioInputTest {
    private static final Path NODE_FAILURE = Path.of("..", "scenarios", "examples", "node-failure.yaml");

    @Test
    void nodeFailureReplaysTheFailureThenKubeProxysReload() throws Exception {
        RunResult run = Podnet.run(Podnet.load(NODE_FAILURE), null);
        assertFalse(run.ruleReloads().isEmpty(), "the simulator reloaded rules after the grace period");
        for (RuleReload r : run.ruleReloads()) {
            assertEquals(40_100_000_000L, r.atNanos());
            assertFalse(r.text().contains("10.244.3.2:8080"), "the dead replica left the rules of " + r.namespace());
        }
        VerifyInput in = ScenarioInput.fromRun(run);
        assertTrue(in.notCheckable().isEmpty(), in.notCheckable()::toString);

        List<VerifyInput.KernelEvent> beforeDead = in.eventsBefore().get("dead-replica");
        assertNotNull(beforeDead);
        assertEquals(1, beforeDead.size());
        VerifyInput.KernelEvent fail = beforeDead.get(0);
        assertEquals("fail", fail.action());
        assertEquals("node3", fail.namespaces().get(0));
        assertTrue(fail.neighbours().addresses().contains("172.18.0.4"), fail.neighbours()::toString);
        for (VerifyInput.NeighbourCaches.Cached c : fail.neighbours().cached()) {
            assertTrue(fail.neighbours().addresses().contains(c.ip()));
            assertFalse(fail.namespaces().contains(c.namespace()), "no cache of a namespace going down");
        }

        assertEquals(null, in.eventsBefore().get("during-grace-period"));
        List<VerifyInput.KernelEvent> afterRemoval = in.eventsBefore().get("after-endpoint-removal");
        assertNotNull(afterRemoval);
        VerifyInput.KernelEvent reload = afterRemoval.get(0);
        assertEquals("reload", reload.action());
        assertEquals(run.ruleReloads().size(), reload.rules().size());
        assertTrue(reload.rules().keySet().containsAll(List.of("node1", "node2")), reload.rules().keySet()::toString);
    }

    @Test
    void anItemStraddlingTheReloadIsNotCheckable() throws Exception {
        String yaml = java.nio.file.Files.readString(NODE_FAILURE)
                .replace("at: 41s\n    repeat: {count: 6, interval: 10ms}", "at: 40s\n    repeat: {count: 6, interval: 1s}");
        Path tmp = java.nio.file.Files.createTempFile("straddle", ".yaml");
        try {
            java.nio.file.Files.writeString(tmp, yaml);
            VerifyInput in = ScenarioInput.fromRun(Podnet.run(Podnet.load(tmp), null));
            String why = in.notCheckable().get("after-endpoint-removal");
            assertNotNull(why, in.notCheckable()::toString);
            assertTrue(why.contains("kube-proxy rewrote its rules"), why);
        } finally {
            java.nio.file.Files.deleteIfExists(tmp);
        }
    }

    @Test
    void theNodeTheScenarioFailedIsDownBeforeAConvergenceMeasurement() throws Exception {
        VerifyInput in = ScenarioInput.fromRun(Podnet.run(Podnet.load(NODE_FAILURE), null));
        assertEquals(java.util.Set.of("node3"), EventReplay.downByEvents(in));
    }

    /** The rulesets a reload replays are checked like the initial ones, before anything is created. */
    @Test
    void aReloadThatWouldIncludeAFileIsRefused() throws Exception {
        VerifyInput in = ScenarioInput.fromRun(Podnet.run(Podnet.load(NODE_FAILURE), null));
        Verifier.checkInput(in);
        VerifyInput.KernelEvent hostile = new VerifyInput.KernelEvent("reload", List.of("node1"), 1, "a reload",
                java.util.Map.of("node1", "table ip x {\n  include \"/etc/shadow\"\n}\n"), null);
        VerifyInput bad = new VerifyInput(in.scenario(), in.network(), in.traffic(), in.trace(), in.simOutcomes(),
                in.notCheckable(), in.simServedBy(), in.listeners(), in.simBgp(),
                java.util.Map.of("after-endpoint-removal", List.of(hostile)));
        VerifyException e = org.junit.jupiter.api.Assertions.assertThrows(VerifyException.class, () -> Verifier.checkInput(bad));
        assertEquals(VerifyException.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("'include'"), e.getMessage());
    }
}
