package io.podnet.scenarios.run;

import io.podnet.sim.trace.TraceListener;
import java.util.List;

/**
 * What watches a run while it goes. The runner always feeds its own streaming observers (the flow
 * facts behind each {@link FlowResult}: outcome, serving pod, encapsulation, path, the drop that
 * failed it), which hold a few facts per flow, never the trace. On top of that a caller may ask for
 * {@code listeners} (trace writers: text, JSON, pcapng) and for {@code record}: the whole trace kept
 * in memory as {@link RunResult#trace()} (the viewer, reports, tests).
 *
 * @param record    keep every trace event in the result
 * @param listeners fed every trace event as it is produced, in order
 */
public record RunObservation(boolean record, List<TraceListener> listeners) {
    /** Records the whole trace (what {@link ScenarioRunner#run(io.podnet.scenarios.model.Scenario)} does). */
    public static final RunObservation RECORD = new RunObservation(true, List.of());

    public RunObservation {
        listeners = List.copyOf(listeners);
    }

    /** Streams the trace to {@code listeners}; keeps none of it. */
    public static RunObservation streaming(TraceListener... listeners) {
        return new RunObservation(false, List.of(listeners));
    }
}
