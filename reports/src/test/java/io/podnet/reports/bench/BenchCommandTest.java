package io.podnet.reports.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podnet.cli.PodnetCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code podnet bench --json --quick} prints every documented key; no timing is asserted. */
class BenchCommandTest {
    @Test
    void quickJsonHasEveryKey() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = PodnetCli.execute(new String[] {"bench", "--json", "--quick"}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertEquals(0, exit, err.toString());
        JsonNode j = new ObjectMapper().readTree(out.toString());
        for (String k : List.of("holdModelEventsPerSec", "ssjHenriksenEventsPerSec", "holdModelToSsjRatio",
                "priorityQueueEngineEventsPerSec", "packetHopsPerSec", "scaleBuild1000Seconds", "scaleBuild1000CpuSeconds",
                "scaleHeapMiB")) {
            assertTrue(j.has(k) && j.get(k).isNumber(), k + " in " + out);
            assertTrue(j.get(k).asDouble() >= 0, k);
        }
        assertTrue(j.get("holdModelEventsPerSec").asDouble() > 0);
        assertEquals("DELIVERED", j.get("replay").get("outcome").asText());
        assertTrue(j.get("replay").get("traceEvents").asLong() > 1_000, "the transfer produced trace events");
        assertEquals(20, j.get("scale").get("nodes").asInt());
        // Pods are built lazily, as scripts/bench scale builds them: the build makes the 20 nodes only.
        assertTrue(j.get("scale").get("lazyPods").asBoolean());
        assertEquals(20, j.get("scale").get("namespacesBuilt").asInt());
        assertEquals(20 + 600, j.get("scale").get("namespaces").asInt());
        assertTrue(err.toString().isEmpty(), "no progress bar without a terminal: " + err);
        JsonNode m = j.get("machine");
        for (String k : List.of("jdkVendor", "jdkVersion", "cores", "cpuModel")) {
            assertTrue(m.has(k), k);
        }
        assertTrue(m.get("cores").asInt() >= 1);
    }

    @Test
    void allPodsBuildsEveryNamespace() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = PodnetCli.execute(new String[] {"bench", "--json", "--quick", "--only", "scale", "--all-pods"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, exit, err.toString());
        JsonNode s = new ObjectMapper().readTree(out.toString()).get("scale");
        assertFalse(s.get("lazyPods").asBoolean());
        assertEquals(s.get("namespaces").asInt(), s.get("namespacesBuilt").asInt());
    }
}
