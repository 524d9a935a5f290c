package io.podnet.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.load.ScenarioLoader;
import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.run.ScenarioRunner;
import io.podnet.scenarios.source.Diagnostics;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A Service with a TCP and an SCTP port: the rules render and load (-m sctp), and the TCP port carries traffic. */
class SctpServiceTest {
    @Test
    void tcpTrafficRunsWhenTheServiceAlsoHasAnSctpPort() throws Exception {
        String text = Files.readString(Path.of("examples/frontend-to-backend.yaml")).replace("""
                        - port: 80
                          targetPort: 8080
                          protocol: TCP
                """, """
                        - name: http
                          port: 80
                          targetPort: 8080
                          protocol: TCP
                        - name: sigtran
                          port: 2905
                          targetPort: 2905
                          protocol: SCTP
                """);
        assertTrue(text.contains("protocol: SCTP"), "the example's Service ports changed; update this test");
        Scenario s = ScenarioLoader.parse(text, "sctp.yaml", Path.of("examples"), new Diagnostics());
        RunResult r = ScenarioRunner.run(s);
        assertTrue(r.network().namespace("node1").iptables().contains("-m sctp -p sctp -d 10.96.0.10 --dport 2905"));
        assertEquals(Outcome.DELIVERED, r.flows().get(0).outcome());
        assertTrue(Podnet.check(r).isEmpty(), Podnet.check(r).toString());
    }
}
