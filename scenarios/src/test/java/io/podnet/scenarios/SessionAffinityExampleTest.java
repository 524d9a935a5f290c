package io.podnet.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.run.RunResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * examples/session-affinity.yaml: with {@code sessionAffinity: ClientIP} kube-proxy's xt_recent
 * rules send every connection of a client to the endpoint its first connection was balanced to
 * (upstream's proxier: {@code --rcheck --seconds T --reap} before the random rules, {@code --set}
 * with the DNAT). Another client may land elsewhere, so only each client's own stickiness is asserted.
 */
class SessionAffinityExampleTest {
    @Test
    void everyConnectionOfAClientReachesTheSameEndpoint() throws Exception {
        LoadedScenario loaded = Podnet.load(Path.of("examples/session-affinity.yaml"));
        RunResult r = Podnet.run(loaded, null);
        assertTrue(Podnet.check(r).isEmpty(), Podnet.check(r).toString());
        for (String traffic : List.of("client-a-calls-sticky", "client-b-calls-sticky")) {
            List<FlowResult> flows = r.flows().stream().filter(f -> f.traffic().equals(traffic)).toList();
            assertEquals(20, flows.size(), traffic);
            Set<String> servedBy = new TreeSet<>();
            for (FlowResult f : flows) {
                assertEquals(Outcome.DELIVERED, f.outcome(), f.flow());
                servedBy.add(f.servedBy());
            }
            assertEquals(1, servedBy.size(), traffic + " was served by " + servedBy);
        }
    }
}
