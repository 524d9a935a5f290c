package io.podnet.viewer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.run.RunResult;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.trace.file.TraceFileList;
import io.podnet.sim.trace.file.TraceFileReader;
import io.podnet.sim.trace.file.TraceFileWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long trace viewed through a file-backed list with a small cache: every analysis the viewer makes
 * (index, control plane, challenges, tables at a step) and stepping through every traffic step with
 * what each step shows (packet, baseline, header stack, hop, decision with its tables, packets on
 * screen) gives what the in-memory trace gives, while the list never holds more than its capacity.
 * Not timed.
 */
class FileBackedTraceTest {
    private static final int CAPACITY = 128;
    private static final int COPIES = 40;

    @TempDir
    static Path dir;

    private static RunResult run;
    private static List<TraceEvent> longTrace;
    private static Path file;

    /** The seed run's trace repeated {@link #COPIES} times (seq, time and packet ids moved on), in memory and on disk. */
    @BeforeAll
    static void write() throws Exception {
        run = Podnet.run(Podnet.load(Path.of("../scenarios/examples/frontend-to-backend.yaml")), null);
        List<TraceEvent> one = run.trace();
        long span = one.get(one.size() - 1).time() + 1;
        long ids = 0;
        for (TraceEvent e : one) {
            ids = Math.max(ids, e.packetId() + 1);
        }
        longTrace = new ArrayList<>();
        file = dir.resolve("long.ptrace");
        try (TraceFileWriter w = new TraceFileWriter(file, "long")) {
            for (int k = 0; k < COPIES; k++) {
                for (TraceEvent e : one) {
                    TraceEvent x = new TraceEvent(e.seq() + (long) k * one.size(), e.time() + k * span,
                            e.packetId() < 0 ? e.packetId() : e.packetId() + k * ids, e.flow(), e.namespace(), e.device(),
                            e.kind(), e.explanation(), e.before(), e.after(), e.decision(), e.cpu());
                    longTrace.add(x);
                    w.onEvent(x);
                }
            }
        }
    }

    @Test
    void steppingALongTraceHoldsAtMostTheCache() throws Exception {
        try (TraceFileList list = new TraceFileList(TraceFileReader.open(file), CAPACITY)) {
            assertEquals(longTrace.size(), list.size());
            TraceIndex onDisk = new TraceIndex(list);
            assertTrue(list.cached() <= CAPACITY, "indexing is one pass outside the cache");
            TraceIndex inMemory = new TraceIndex(longTrace);
            int[] steps = onDisk.steps(false);
            assertArrayEquals(inMemory.steps(false), steps);
            assertEquals(inMemory.flows(), onDisk.flows());
            assertEquals(inMemory.packetCount(), onDisk.packetCount());
            assertEquals(Challenges.of(longTrace, steps, run.network()), Challenges.of(list, steps, run.network()));
            Topology topo = Topology.of(run.network());
            assertEquals(ControlPlane.of(longTrace, topo).sessionsAt(Integer.MAX_VALUE),
                    ControlPlane.of(list, topo).sessionsAt(Integer.MAX_VALUE));
            TableHistory tables = new TableHistory(list);
            int max = 0;
            for (int s = 0; s < steps.length; s++) {
                int ev = steps[s];
                TraceEvent e = onDisk.event(ev);
                assertEquals(longTrace.get(ev), e);
                int hv = onDisk.headerEvent(ev);
                assertEquals(inMemory.headerEvent(ev), hv);
                assertEquals(inMemory.baseline(hv), onDisk.baseline(hv));
                HeaderStack.of(onDisk.event(hv).packet(), onDisk.baseline(hv));
                assertEquals(inMemory.visibleAt(ev), onDisk.visibleAt(ev));
                assertEquals(String.valueOf(HopDiff.at(inMemory, ev)), String.valueOf(HopDiff.at(onDisk, ev)));
                if (s % 97 == 0) {
                    assertEquals(TablesAt.of(longTrace, ev, e.namespace()), tables.at(ev, e.namespace()), "step " + s);
                }
                DecisionDetail.of(e, run.network(), tables.at(ev, e.namespace()));
                max = Math.max(max, list.cached());
            }
            // Backwards, as a student scrubbing back does.
            for (int s = steps.length - 1; s >= 0; s -= 211) {
                int ev = steps[s];
                String ns = onDisk.event(ev).namespace();
                assertEquals(TablesAt.of(longTrace, ev, ns), tables.at(ev, ns), "back at step " + s);
                max = Math.max(max, list.cached());
            }
            assertTrue(max <= CAPACITY, "the list held " + max + " events at most; its capacity is " + CAPACITY);
            assertTrue(longTrace.size() > 50 * CAPACITY, longTrace.size() + " events, far more than the cache");
        }
    }
}
