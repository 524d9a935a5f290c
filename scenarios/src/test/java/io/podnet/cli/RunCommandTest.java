package io.podnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    @Test
    void exampleRunsAndEveryExpectationHolds() {
        CliTestSupport.Result r = CliTestSupport.run("run", "examples/frontend-to-backend.yaml");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("DNAT to 10.244.2.8:8080"), "text trace shows kube-proxy's DNAT");
        assertTrue(r.err().contains("  frontend-calls-my-app: delivered by pod/backend-fghij, encapsulation vxlan, "),
                r.err());
        assertTrue(r.err().endsWith("expectations: 1 of 1 hold\n"), r.err());
    }

    @Test
    void falseExpectationExitsOneNamingExpectedAndActual() {
        CliTestSupport.Result r = CliTestSupport.run("run", "src/test/resources/false-expectation.yaml");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("src/test/resources/false-expectation.yaml:42:20: expectation 1 (traffic"
                + " frontend-calls-my-app) failed: encapsulation\n  expected: none\n  actual:   vxlan\n"), r.err());
        assertTrue(r.err().endsWith("expectations: 0 of 1 hold\n"), r.err());
    }

    @Test
    void outWritesTheJsonTraceAtomically(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("trace.json");
        CliTestSupport.Result r = CliTestSupport.run("run", "examples/frontend-to-backend.yaml", "--trace", "json",
                "--seed", "42", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.out());
        assertArrayEquals(Files.readAllBytes(Path.of("src/test/resources/golden/frontend-to-backend.seed42.json")),
                Files.readAllBytes(out));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void traceNonePrintsOnlyTheSummaryAndExpectations() {
        CliTestSupport.Result full = CliTestSupport.run("run", "examples/frontend-to-backend.yaml", "--seed", "42");
        CliTestSupport.Result none = CliTestSupport.run("run", "examples/frontend-to-backend.yaml", "--seed", "42",
                "--trace", "none");
        assertEquals(full.exit(), none.exit(), none.err());
        assertEquals("", none.out());
        assertEquals(full.err(), none.err(), "the same summary and expectation lines");
    }

    @Test
    void traceNoneWithOutIsAUsageError(@TempDir Path dir) {
        Path out = dir.resolve("trace.txt");
        CliTestSupport.Result r = CliTestSupport.run("run", "examples/frontend-to-backend.yaml", "--trace", "none",
                "--out", out.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--trace none"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void unwritableOutIsBadInputAndLeavesNothing(@TempDir Path dir) {
        Path out = dir.resolve("missing-dir/trace.txt");
        CliTestSupport.Result r = CliTestSupport.run("run", "examples/frontend-to-backend.yaml", "--out",
                out.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("podnet: cannot write " + out + ": directory "), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void pcapOpensWithThePcapngMagic(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("run.pcapng");
        CliTestSupport.Result r = CliTestSupport.run("run", "examples/frontend-to-backend.yaml", "--pcap",
                pcap.toString(), "--out", dir.resolve("t.txt").toString());
        assertEquals(0, r.exit(), r.err());
        byte[] b = Files.readAllBytes(pcap);
        assertArrayEquals(new byte[] {0x0a, 0x0d, 0x0d, 0x0a}, java.util.Arrays.copyOf(b, 4));
        // Written event by event: the same bytes as the whole-trace writer.
        io.podnet.scenarios.run.RunResult run = io.podnet.scenarios.Podnet.run(
                io.podnet.scenarios.Podnet.load(Path.of("examples/frontend-to-backend.yaml")), null, null);
        assertArrayEquals(io.podnet.sim.trace.render.PcapngWriter.write(run.trace()), b);
    }

    @Test
    void badScenarioExitsTwoWithoutRunning() {
        CliTestSupport.Result r = CliTestSupport.run("run", "src/test/resources/bad/cidr-33.yaml");
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("src/test/resources/bad/cidr-33.yaml:11:16: "), r.err());
    }

    @Test
    void topologyErrorsPointAtTheOffendingField() {
        CliTestSupport.Result r = CliTestSupport.run("run", "src/test/resources/bad/pod-ip-wrong-node.yaml");
        assertEquals(2, r.exit());
        assertEquals("src/test/resources/bad/pod-ip-wrong-node.yaml:51:14: pod default/backend-fghij has status.podIP"
                + " 10.244.1.8 but runs on node node2, whose pod subnet is 10.244.2.0/24; use an address in"
                + " 10.244.2.0/24 or pin the pod to the node that owns 10.244.1.8\n1 error\n", r.err());
    }

    @Test
    void cniOverrideRunsTheScenarioUnderAnotherDesign() {
        CliTestSupport.Result r = CliTestSupport.run("run", "examples/frontend-to-backend.yaml", "--cni", "flannel-host-gw");
        assertEquals(1, r.exit(), r.err()); // the file expects vxlan
        assertTrue(r.err().startsWith("scenario frontend-to-backend (seed 42, cni flannel-host-gw): "), r.err());
        assertTrue(r.err().contains("  frontend-calls-my-app: delivered by pod/backend-fghij, encapsulation none, "),
                r.err());
        assertTrue(r.err().contains("failed: encapsulation\n  expected: vxlan\n  actual:   none\n"), r.err());
        CliTestSupport.Result calico = CliTestSupport.run("run", "examples/frontend-to-backend.yaml", "--cni",
                "calico-vxlan", "--verbose");
        assertTrue(calico.err().contains("encapsulation vxlan") && calico.err().contains("node1/vxlan.calico"),
                calico.err());
        CliTestSupport.Result bad = CliTestSupport.run("run", "examples/frontend-to-backend.yaml", "--cni", "weave");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--cni: unknown CNI design 'weave'; accepted: flannel-vxlan,"), bad.err());
    }
}
