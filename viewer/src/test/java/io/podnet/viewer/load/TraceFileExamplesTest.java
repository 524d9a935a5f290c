package io.podnet.viewer.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.run.RunObservation;
import io.podnet.scenarios.run.RunResult;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.trace.file.TraceFileReader;
import io.podnet.sim.trace.file.TraceFileWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The trace file round trip on every example scenario: one run both records its trace in memory
 * and streams it to a trace file; every event read back (by seek, and front to back) equals the
 * recorded one ({@code TraceEvent} has value equality: packets, decisions, CPU, explanation).
 */
class TraceFileExamplesTest {
    @TempDir
    Path dir;

    static Stream<Path> examples() throws Exception {
        return Files.list(Path.of("../scenarios/examples")).filter(p -> p.toString().endsWith(".yaml")).sorted();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyEventReadsBackEqual(Path scenario) throws Exception {
        Path f = dir.resolve("run.ptrace");
        RunResult r;
        try (TraceFileWriter w = new TraceFileWriter(f, "example " + scenario.getFileName())) {
            r = Podnet.run(Podnet.load(scenario), null, null, io.podnet.sim.cost.CostProfile.defaults(),
                    new RunObservation(true, List.of(w)));
        }
        List<TraceEvent> recorded = r.trace();
        assertFalse(recorded.isEmpty(), scenario + " has a trace");
        try (TraceFileReader in = TraceFileReader.open(f)) {
            assertEquals(recorded.size(), in.size());
            TraceFileReader.Cursor c = in.cursor(0);
            for (int i = 0; i < recorded.size(); i++) {
                assertEquals(recorded.get(i), c.next(), scenario + ": event " + i + " front to back");
            }
            for (int i = recorded.size() - 1; i >= 0; i -= 1 + i % 5) {
                assertEquals(recorded.get(i), in.read(i), scenario + ": event " + i + " by seek");
            }
        }
        assertTrue(Files.size(f) > 0);
    }
}
