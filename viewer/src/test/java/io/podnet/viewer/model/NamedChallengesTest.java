package io.podnet.viewer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.trace.Decision;
import io.podnet.viewer.load.RunnerLoader;
import io.podnet.viewer.load.ScenarioLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scenario's {@code challenges:} list: accepted by the loader, honoured by challenge mode, checked. */
class NamedChallengesTest {
    @TempDir
    Path dir;

    private Path seedWith(String challenges) throws Exception {
        String yaml = Files.readString(Path.of("../scenarios/examples/frontend-to-backend.yaml"));
        Path f = dir.resolve("seed-challenges.yaml");
        Files.writeString(f, yaml.stripTrailing() + "\n" + challenges);
        return f;
    }

    @Test
    void namedPointsAreTheOnlyQuestionsWithTheirPrompts() throws Exception {
        Path f = seedWith("""
                challenges:
                  - traffic: frontend-calls-my-app
                    kind: nat
                    at: node1
                    prompt: "kube-proxy picks a backend: where does the SYN go now?"
                  - traffic: frontend-calls-my-app
                    kind: delivery
                """);
        ViewModel m = new RunnerLoader().load(f);
        assertEquals(2, m.challengePoints().size());
        int[] steps = new TraceIndex(m.trace()).steps(false);
        List<Challenges.Question> qs = Challenges.of(m.trace(), steps, m.network(), m.challengePoints());
        assertEquals(2, qs.size(), qs.toString());
        Challenges.Question nat = qs.get(0);
        assertEquals("nat", nat.kind());
        assertEquals("kube-proxy picks a backend: where does the SYN go now?", nat.prompt());
        assertEquals("node1", m.trace().get(nat.event()).namespace());
        // The DNAT rule's step (the rewrite is folded into it); the Service's only endpoint is backend-fghij.
        assertTrue(m.trace().get(nat.event()).decision() instanceof Decision.RuleHit r && r.verdict().equals("DNAT"));
        assertTrue(nat.correct().startsWith("10.244.2.8"), nat.correct());
        assertEquals("delivery", qs.get(1).kind());
        assertTrue(qs.get(1).step() > nat.step());
        // Without the list, challenge mode picks more points itself.
        assertTrue(Challenges.of(m.trace(), steps, m.network()).size() > 2);
    }

    @Test
    void aPointThatMatchesNothingIsReported() throws Exception {
        Path f = seedWith("""
                challenges:
                  - traffic: frontend-calls-my-app
                    kind: policy
                    at: node2
                """);
        ViewModel m = new RunnerLoader().load(f);
        int[] steps = new TraceIndex(m.trace()).steps(false);
        assertTrue(Challenges.of(m.trace(), steps, m.network(), m.challengePoints()).isEmpty());
        List<ChallengePoint> un = Challenges.unmatched(m.trace(), steps, m.network(), m.challengePoints());
        assertEquals(1, un.size());
        assertTrue(un.get(0).where().matches(".*seed-challenges.yaml:\\d+:\\d+"), un.get(0).where());
    }

    @Test
    void mistakesAreDiagnosticsWithFileLineAndColumn() throws Exception {
        Path f = seedWith("""
                challenges:
                  - traffic: frontend-calls-my-ap
                    kind: routing
                    colour: red
                """);
        try {
            new RunnerLoader().load(f);
            throw new AssertionError("accepted");
        } catch (ScenarioLoadException e) {
            String msg = e.getMessage();
            assertTrue(msg.matches("(?s).*seed-challenges.yaml:\\d+:\\d+.*unknown traffic 'frontend-calls-my-ap'.*"), msg);
            assertTrue(msg.contains("unknown challenge kind 'routing'; accepted: route, nat, encap, policy, delivery"), msg);
            assertTrue(msg.contains("unknown field 'colour' in a challenge"), msg);
        }
    }
}
