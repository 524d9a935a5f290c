package io.podnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.Podnet;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.trace.file.TraceFileReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code podnet run --trace podnet --out FILE}: the binary trace file, the same events as a recorded run. */
class RunPodnetTraceTest {
    @Test
    void writesATraceFileOfTheRunsEvents(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run.ptrace");
        CliTestSupport.Result r = CliTestSupport.run("run", "examples/frontend-to-backend.yaml", "--trace", "podnet",
                "--seed", "42", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.out());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(out), files.toList(), "no temporary or side file is left behind");
        }
        List<TraceEvent> recorded = Podnet.run(Podnet.load(Path.of("examples/frontend-to-backend.yaml")), 42L).trace();
        try (TraceFileReader in = TraceFileReader.open(out)) {
            io.podnet.sim.trace.file.TraceRun run = in.run();
            assertEquals("frontend-to-backend", run.scenario());
            assertEquals(42, run.seed());
            assertEquals("flannel-vxlan", run.cni());
            assertEquals("iptables", run.kubeProxy());
            assertEquals("default", run.profile());
            assertEquals(sha256Of(Path.of("examples/frontend-to-backend.yaml")), run.scenarioSha256());
            assertEquals(TraceRuns.version(), run.podnet());
            assertTrue(in.metadata().startsWith("podnet trace\nmetadata: 2\nscenario: frontend-to-backend\n"),
                    in.metadata());
            assertEquals(recorded.size(), in.size());
            TraceFileReader.Cursor c = in.cursor(0);
            for (TraceEvent e : recorded) {
                assertEquals(e, c.next());
            }
        }
    }

    /** SHA-256 of the file's length (8 bytes, big-endian) then its bytes: the documented digest of a scenario without includes. */
    private static String sha256Of(Path file) throws Exception {
        byte[] b = Files.readAllBytes(file);
        java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
        d.update(java.nio.ByteBuffer.allocate(8).putLong(b.length).array());
        d.update(b);
        return java.util.HexFormat.of().formatHex(d.digest());
    }

    @Test
    void theHeaderNamesTheOverridesTheRunUsed(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run.ptrace");
        CliTestSupport.Result r = CliTestSupport.run("run", "examples/frontend-to-backend.yaml", "--trace", "podnet",
                "--seed", "7", "--cni", "calico", "--kube-proxy", "ipvs", "--profile", "wire-only",
                "--out", out.toString());
        assertTrue(r.exit() == 0 || r.exit() == 1, r.err()); // the file's path expectations are flannel's
        try (TraceFileReader in = TraceFileReader.open(out)) {
            io.podnet.sim.trace.file.TraceRun run = in.run();
            assertEquals(7, run.seed());
            assertEquals("calico", run.cni());
            assertEquals("ipvs", run.kubeProxy());
            assertEquals("wire-only", run.profile());
        }
    }

    @Test
    void needsAnOutFile() {
        CliTestSupport.Result r = CliTestSupport.run("run", "examples/frontend-to-backend.yaml", "--trace", "podnet");
        assertEquals(ExitCodes.BAD_INPUT, r.exit(), r.err());
        assertTrue(r.err().contains("--trace podnet writes a binary trace file: give --out FILE"), r.err());
    }
}
