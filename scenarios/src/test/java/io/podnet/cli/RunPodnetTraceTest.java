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
            assertEquals("frontend-to-backend", in.scenario());
            assertEquals(recorded.size(), in.size());
            TraceFileReader.Cursor c = in.cursor(0);
            for (TraceEvent e : recorded) {
                assertEquals(e, c.next());
            }
        }
    }

    @Test
    void needsAnOutFile() {
        CliTestSupport.Result r = CliTestSupport.run("run", "examples/frontend-to-backend.yaml", "--trace", "podnet");
        assertEquals(ExitCodes.BAD_INPUT, r.exit(), r.err());
        assertTrue(r.err().contains("--trace podnet writes a binary trace file: give --out FILE"), r.err());
    }
}
