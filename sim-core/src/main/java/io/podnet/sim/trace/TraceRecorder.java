package io.podnet.sim.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A listener that keeps every event in order. */
public final class TraceRecorder implements TraceListener {
    private final List<TraceEvent> events = new ArrayList<>();

    @Override
    public void onEvent(TraceEvent event) {
        events.add(event);
    }

    public List<TraceEvent> events() {
        return Collections.unmodifiableList(events);
    }
}
