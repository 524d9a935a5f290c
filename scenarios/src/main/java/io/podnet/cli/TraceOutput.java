package io.podnet.cli;

import io.podnet.sim.trace.render.JsonTraceRenderer;
import io.podnet.sim.trace.render.TextTraceRenderer;
import java.io.IOException;
import java.io.Writer;

/** Writes a run's trace with sim-core's renderers, text or JSON, as the run produces it. */
final class TraceOutput {
    private TraceOutput() {}

    /** A trace writer fed while the run goes; {@link #finish} ends what it writes (the JSON document). */
    interface Sink extends io.podnet.sim.trace.TraceListener {
        void finish() throws IOException;
    }

    /**
     * A sink writing the trace to {@code w} as the run produces it: the same bytes as the renderers'
     * {@code render} of the recorded trace (with {@code costs}, each text event that charged CPU followed
     * by its "cpu: ..." line; JSON always has it), holding none of it. Write errors surface as
     * {@link java.io.UncheckedIOException} from the run.
     */
    static Sink stream(boolean json, boolean costs, Writer w) throws IOException {
        if (json) {
            JsonTraceRenderer.Document doc = JsonTraceRenderer.document(w);
            return new Sink() {
                @Override
                public void onEvent(io.podnet.sim.trace.TraceEvent e) {
                    doc.onEvent(e);
                }

                @Override
                public void finish() throws IOException {
                    doc.close();
                }
            };
        }
        TextTraceRenderer text = new TextTraceRenderer(w, false);
        return new Sink() {
            @Override
            public void onEvent(io.podnet.sim.trace.TraceEvent e) {
                if (!costs) {
                    text.onEvent(e);
                    return;
                }
                try {
                    w.write(TextTraceRenderer.format(e, false));
                    if (e.cpu() != null) {
                        w.write("                " + TextTraceRenderer.cpuText(e.cpu()) + "\n");
                    }
                } catch (IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            }

            @Override
            public void finish() {
                // text has no end
            }
        };
    }
}
