package io.podnet.cli;

import io.podnet.scenarios.run.RunResult;
import io.podnet.sim.trace.render.JsonTraceRenderer;
import io.podnet.sim.trace.render.PcapngWriter;
import io.podnet.sim.trace.render.TextTraceRenderer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/** Writes a run's trace with sim-core's renderers: text or JSON, and the packets as pcapng. */
final class TraceOutput {
    private TraceOutput() {}

    static void write(RunResult r, boolean json, Writer w) throws IOException {
        w.write(json ? JsonTraceRenderer.render(r.trace()) : TextTraceRenderer.render(r.trace(), false));
    }

    static void writePcap(RunResult r, OutputStream out) throws IOException {
        out.write(PcapngWriter.write(r.trace()));
    }
}
