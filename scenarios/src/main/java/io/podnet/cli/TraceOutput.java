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

    /** Writes event by event (the same bytes as the renderers' {@code render}, without one string of all). */
    static void write(RunResult r, boolean json, Writer w) throws IOException {
        write(r, json, false, w);
    }

    /** {@code costs}: under each text event that charged CPU, its "cpu: ..." line (JSON always has it). */
    static void write(RunResult r, boolean json, boolean costs, Writer w) throws IOException {
        if (json) {
            JsonTraceRenderer.write(r.trace(), w);
            return;
        }
        if (!costs) {
            TextTraceRenderer text = new TextTraceRenderer(w, false);
            try {
                r.trace().forEach(text::onEvent);
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            return;
        }
        for (io.podnet.sim.trace.TraceEvent e : r.trace()) {
            w.write(TextTraceRenderer.format(e, false));
            if (e.cpu() != null) {
                w.write("                " + TextTraceRenderer.cpuText(e.cpu()) + "\n");
            }
        }
    }

    /** A trace writer fed while the run goes; {@link #finish} ends what it writes (the JSON document). */
    interface Sink extends io.podnet.sim.trace.TraceListener {
        void finish() throws IOException;
    }

    /**
     * A sink writing the trace to {@code w} as the run produces it: the same bytes as {@link #write}
     * of the recorded trace, holding none of it. Write errors surface as
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

    /** Writes the pcapng event by event (the same bytes as {@link PcapngWriter#write}). */
    static void writePcap(RunResult r, OutputStream out) throws IOException {
        java.io.BufferedOutputStream buffered = new java.io.BufferedOutputStream(out, 1 << 16);
        try (PcapngWriter w = new PcapngWriter(buffered)) {
            r.trace().forEach(w::onEvent);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
