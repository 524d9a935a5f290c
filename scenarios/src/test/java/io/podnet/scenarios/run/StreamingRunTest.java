package io.podnet.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.Podnet;
import io.podnet.sim.cost.CostProfile;
import io.podnet.sim.trace.render.JsonTraceRenderer;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run that streams its trace keeps none of it, and observes exactly what a recording run does:
 * the same flow results (outcome, serving pod, path, drop cause, bytes), the same event count, and
 * a streamed JSON document byte-identical to the recorded trace rendered afterwards.
 */
class StreamingRunTest {
    @ParameterizedTest
    @ValueSource(strings = {"frontend-to-backend", "session-affinity", "dns", "network-policy", "mtu-blackhole",
            "sctp", "policy-update", "calico-bgp", "calico-vxlan-crosssubnet", "node-failure", "geneve", "external-traffic"})
    void streamingObservesWhatRecordingDoesAndKeepsNoTrace(String example) throws Exception {
        var loaded = Podnet.load(Path.of("examples/" + example + ".yaml"));
        RunResult recorded = Podnet.run(loaded, null, null, CostProfile.defaults(), RunObservation.RECORD);
        StringWriter json = new StringWriter();
        JsonTraceRenderer.Document doc = JsonTraceRenderer.document(json);
        RunResult streamed = Podnet.run(loaded, null, null, CostProfile.defaults(), RunObservation.streaming(doc));
        doc.close();

        assertTrue(recorded.recorded());
        assertFalse(streamed.recorded(), "a streaming run holds no trace list");
        assertThrows(IllegalStateException.class, streamed::trace);
        assertEquals(recorded.trace().size(), streamed.traceEvents());
        assertEquals(recorded.flows(), streamed.flows());
        assertEquals(Podnet.check(recorded), Podnet.check(streamed));
        assertEquals(JsonTraceRenderer.render(recorded.trace()), json.toString());

        // Observed by nothing but the run's own analysis (podnet run --trace none): the events the
        // analysis does not read are never built, and the results and the count are the same.
        RunResult unobserved = Podnet.run(loaded, null, null, CostProfile.defaults(),
                new RunObservation(false, List.of()));
        assertEquals(recorded.trace().size(), unobserved.traceEvents());
        assertEquals(recorded.flows(), unobserved.flows());
        assertEquals(Podnet.check(recorded), Podnet.check(unobserved));
    }
}
