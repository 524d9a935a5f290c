package io.podnet.viewer.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.Podnet;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.trace.file.TraceFileList;
import io.podnet.viewer.model.ViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The viewer's runs go through a trace file: a temporary one left nowhere, or one kept and viewed again. */
class RunnerLoaderTraceFileTest {
    private static final Path SEED = Path.of("../scenarios/examples/frontend-to-backend.yaml");

    @TempDir
    Path dir;

    private static void assertSameTrace(List<TraceEvent> expected, List<TraceEvent> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), "event " + i);
        }
    }

    @Test
    void theRunIsViewedFromATemporaryFileThatIsGoneOnceOpen() throws Exception {
        Path spool = Files.createDirectory(dir.resolve("spool"));
        ViewModel m = new RunnerLoader().spoolingIn(spool).load(SEED);
        assertTrue(m.trace() instanceof TraceFileList, m.trace().getClass().getName());
        try (Stream<Path> left = Files.list(spool)) {
            assertEquals(List.of(), left.toList(), "the temporary trace file is deleted once open");
        }
        List<TraceEvent> recorded = Podnet.run(Podnet.load(SEED), null, null,
                io.podnet.sim.cost.CostProfile.defaults()).trace();
        assertSameTrace(recorded, m.trace());
        ((TraceFileList) m.trace()).close();
    }

    @Test
    void aSavedTraceIsViewedAgainWithoutRunning() throws Exception {
        Path saved = dir.resolve("seed.ptrace");
        ViewModel ran = new RunnerLoader().savingTrace(saved).load(SEED);
        assertTrue(Files.isRegularFile(saved));
        ViewModel again = new RunnerLoader().readingTrace(saved).load(SEED);
        assertEquals(ran.title(), again.title());
        assertEquals(ran.network(), again.network(), "the drawing comes from the scenario, rendered as the run did");
        assertSameTrace(ran.trace(), again.trace());
        ((TraceFileList) ran.trace()).close();
        ((TraceFileList) again.trace()).close();
    }

    @Test
    void aTraceOfAnotherScenarioOrNoTraceIsRefusedWithAMessage() throws Exception {
        Path saved = dir.resolve("seed.ptrace");
        ((TraceFileList) new RunnerLoader().savingTrace(saved).load(SEED).trace()).close();
        Path other = Path.of("../scenarios/examples/dns.yaml");
        ScenarioLoadException e = assertThrows(ScenarioLoadException.class,
                () -> new RunnerLoader().readingTrace(saved).load(other));
        assertTrue(e.getMessage().contains("scenario: the trace has 'frontend-to-backend'"), e.getMessage());
        ScenarioLoadException notTrace = assertThrows(ScenarioLoadException.class,
                () -> new RunnerLoader().readingTrace(SEED).load(SEED));
        assertTrue(notTrace.getMessage().contains("not a podnet trace file"), notTrace.getMessage());
    }
}
