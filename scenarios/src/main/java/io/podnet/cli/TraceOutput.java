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
        write(r, json, false, w);
    }

    /** {@code costs}: under each text event that charged CPU, its "cpu: ..." line (JSON always has it). */
    static void write(RunResult r, boolean json, boolean costs, Writer w) throws IOException {
        if (json) {
            w.write(JsonTraceRenderer.render(r.trace()));
            return;
        }
        if (!costs) {
            w.write(TextTraceRenderer.render(r.trace(), false));
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (io.podnet.sim.trace.TraceEvent e : r.trace()) {
            sb.append(TextTraceRenderer.format(e, false));
            if (e.cpu() != null) {
                sb.append("                ").append(TextTraceRenderer.cpuText(e.cpu())).append('\n');
            }
        }
        w.write(sb.toString());
    }

    static void writePcap(RunResult r, OutputStream out) throws IOException {
        out.write(PcapngWriter.write(r.trace()));
    }
}
