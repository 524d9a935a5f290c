package io.podnet.cli;

import io.podnet.scenarios.run.RunResult;
import io.podnet.sim.engine.Durations;
import io.podnet.sim.trace.TraceEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/** Writes a run's trace as text or JSON, and its packets as pcapng. */
final class TraceOutput {
    private TraceOutput() {}

    static void write(RunResult r, boolean json, Writer w) throws IOException {
        if (json) {
            com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
            for (TraceEvent e : r.trace()) {
                com.fasterxml.jackson.databind.node.ObjectNode o = m.createObjectNode();
                o.put("seq", e.seq());
                o.put("time", e.time());
                o.put("packet", e.packetId());
                o.put("flow", e.flow());
                o.put("namespace", e.namespace());
                o.put("device", e.device());
                o.put("kind", e.kind().name());
                o.put("explanation", e.explanation());
                w.write(m.writeValueAsString(o));
                w.write('\n');
            }
            return;
        }
        for (TraceEvent e : r.trace()) {
            w.write(String.format("%12s  %-28s %-10s %s%n", Durations.format(e.time()), e.location(), e.kind(),
                    e.explanation()));
        }
    }

    static void writePcap(RunResult r, OutputStream out) throws IOException {
        throw new UserError("--pcap is not available yet in this build");
    }
}
