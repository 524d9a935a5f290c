package io.podnet.dataplane.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.dataplane.traffic.TrafficItem;
import io.podnet.sim.net.Ipv4Address;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The outcome rules of {@link Comparator}, on hand-made facts (no kernel needed). */
class ComparatorTest {
    private static final String LIVE = "10.244.2.2:8080";
    private static final String DEAD = "10.244.3.2:8080";
    private static final Set<String> CANDIDATES = Set.of("web-live", "web-dead");
    private static final TrafficItem ITEM =
            new TrafficItem("during-grace-period", "http", "client", Ipv4Address.parse("10.96.0.2"), 80, 0, 0, 6, 100);

    private static FlowFacts facts(Map<String, Integer> outcomes, Map<String, Integer> served,
                                   Map<String, Set<String>> byTarget) {
        String first = outcomes.keySet().iterator().next();
        return new FlowFacts(first, outcomes, served, null, List.of(), Set.of(), Set.of(), List.of(), byTarget);
    }

    /** The case CI met: the kernel's three attempts all picked the dead replica, then its client gave up. */
    @Test
    void differentRandomPicksAgreeWhenEachEndpointBehavesTheSame() {
        FlowFacts sim = facts(Map.of("delivered", 2, "dropped", 4), Map.of("web-live", 2),
                Map.of(LIVE, Set.of("delivered"), DEAD, Set.of("dropped")));
        FlowFacts kernel = facts(Map.of("timeout", 3, "not-run", 3), Map.of(), Map.of(DEAD, Set.of("timeout")));
        FlowResult r = Comparator.compare(ITEM, sim, kernel, CANDIDATES, "node1");
        assertTrue(r.agree(), () -> r.differences().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("per endpoint") && n.contains(LIVE)), r.notes()::toString);
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("3 attempt(s) not run")), r.notes()::toString);
    }

    @Test
    void anEndpointThatFailsOnOneSideOnlyIsADifference() {
        FlowFacts sim = facts(Map.of("delivered", 6), Map.of("web-live", 3, "web-dead", 3),
                Map.of(LIVE, Set.of("delivered"), DEAD, Set.of("delivered")));
        FlowFacts kernel = facts(Map.of("delivered", 3, "timeout", 3), Map.of("web-dead", 3),
                Map.of(LIVE, Set.of("timeout"), DEAD, Set.of("delivered")));
        FlowResult r = Comparator.compare(ITEM, sim, kernel, CANDIDATES, "node1");
        assertFalse(r.agree());
        assertEquals(1, r.differences().size(), r.differences()::toString);
        Difference d = r.differences().get(0);
        assertEquals("outcome", d.aspect());
        assertTrue(d.simulated().contains(LIVE), d::toString);
    }

    /** Without per-endpoint facts (say ICMP, or no translation) the outcome sets are compared as before. */
    @Test
    void withoutTranslationsTheOutcomeSetsMustMatch() {
        FlowFacts sim = facts(Map.of("delivered", 2, "dropped", 4), Map.of("web-live", 2), Map.of());
        FlowFacts kernel = facts(Map.of("timeout", 6), Map.of(), Map.of());
        FlowResult r = Comparator.compare(ITEM, sim, kernel, CANDIDATES, "node1");
        assertFalse(r.agree());
        assertEquals("outcome", r.differences().get(0).aspect());
    }

    @Test
    void aSilentKernelDropAgreesWithASimulatedDropButAnErrorDoesNotAgreeWithSilence() {
        assertTrue(Comparator.sameOutcome("dropped", "timeout"));
        assertTrue(Comparator.sameOutcome("timeout", "not-run"));
        assertFalse(Comparator.sameOutcome("timeout", "dropped"));
        assertFalse(Comparator.sameOutcome("delivered", "timeout"));
    }

    @Test
    void dnatTargetIsTheTranslatedAddressAndPort() {
        assertEquals(LIVE, FlowFacts.dnatTarget("DNAT 10.96.0.2:80 -> 10.244.2.2:8080"));
        assertEquals(null, FlowFacts.dnatTarget("SNAT 10.244.1.2 -> 172.18.0.2"));
        assertEquals(null, FlowFacts.dnatTarget(null));
    }

    /**
     * ClientIP session affinity: kube-proxy's {@code -m recent --rcheck} sends every later attempt of a
     * client to the endpoint its first attempt picked, so 20 attempts are one random pick on each side.
     */
    @Test
    void withSessionAffinityDifferentSingleEndpointsAreOneRandomPickEach() {
        TrafficItem sticky = new TrafficItem("sticky", "http", "client", Ipv4Address.parse("10.96.0.2"), 80, 0, 0, 20, 100);
        FlowFacts sim = facts(Map.of("delivered", 20), Map.of("web-live", 20), Map.of(LIVE, Set.of("delivered")));
        FlowFacts kernel = facts(Map.of("delivered", 20), Map.of("web-dead", 20), Map.of(DEAD, Set.of("delivered")));
        FlowResult notSticky = Comparator.compare(sticky, sim, kernel, CANDIDATES, "node1", false);
        assertFalse(notSticky.agree(), "20 independent picks among 2 that never hit one endpoint is a difference");
        FlowResult r = Comparator.compare(sticky, sim, kernel, CANDIDATES, "node1", true);
        assertTrue(r.agree(), () -> r.differences().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("session affinity")), r.notes()::toString);
    }
}
