package io.podnet.viewer.model;

import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.trace.file.TraceFileList;
import java.util.List;

/**
 * Sequential passes over a trace. A trace may be a file ({@link TraceFileList}): a pass then reads
 * the file front to back and holds one event at a time, instead of going through the list's
 * cache; an in-memory list is simply walked.
 */
public final class Traces {
    private Traces() {}

    /** Receives one event and its position. */
    @FunctionalInterface
    public interface Visitor {
        void visit(int position, TraceEvent event);
    }

    /** Hands events {@code [from, to)} of {@code trace} to {@code each}, in order. */
    public static void scan(List<TraceEvent> trace, int from, int to, Visitor each) {
        int end = Math.min(to, trace.size());
        if (from >= end) {
            return;
        }
        if (trace instanceof TraceFileList f) {
            int[] k = {from};
            f.scan(from, end, e -> each.visit(k[0]++, e));
            return;
        }
        for (int i = from; i < end; i++) {
            each.visit(i, trace.get(i));
        }
    }

    /** Every event of {@code trace}, in order. */
    public static void scan(List<TraceEvent> trace, Visitor each) {
        scan(trace, 0, trace.size(), each);
    }
}
