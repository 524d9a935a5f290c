package io.podnet.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.load.ScenarioLoader;
import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.run.ScenarioRunner;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.Ipv4Header;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * External hosts behind a router (examples/external-behind-router.yaml): the router forwards (one
 * TTL decrement, no NAT) between the client's subnet and the nodes, so with externalTrafficPolicy
 * Local the pod sees the client's own address (Kubernetes "Using Source IP": Local preserves the
 * client source IP) and a node without a local endpoint drops the connection, in both kube-proxy modes.
 */
class ExternalBehindRouterTest {
    static final Path EXAMPLE = Path.of("examples/external-behind-router.yaml");

    private static FlowResult flow(RunResult r, String name) {
        return r.flows().stream().filter(f -> f.traffic().equals(name)).findFirst().orElseThrow();
    }

    private static Set<String> seenBy(RunResult r, String flow, String ns) {
        Set<String> out = new LinkedHashSet<>();
        for (TraceEvent e : r.trace()) {
            io.podnet.sim.wire.Packet p = e.after() != null ? e.after() : e.before();
            if (flow.equals(e.flow()) && e.kind() == EventKind.RX && ns.equals(e.namespace())
                    && p != null && p.first(Ipv4Header.class) != null) {
                out.add(p.first(Ipv4Header.class).src() + " ttl " + p.first(Ipv4Header.class).ttl());
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"iptables", "nftables"})
    void theClientAddressCrossesTheRouterUnchanged(String mode) throws Exception {
        RunResult r = Podnet.run(Podnet.withKubeProxy(Podnet.load(EXAMPLE), mode), null);
        assertTrue(Podnet.check(r).isEmpty(), Podnet.check(r).toString());
        assertEquals(Outcome.DROPPED, flow(r, "client-via-node1").outcome());
        assertTrue(flow(r, "client-via-node1").detail().startsWith("dropped at node1/"), flow(r, "client-via-node1").detail());
        FlowResult via2 = flow(r, "client-via-node2");
        assertEquals(Outcome.DELIVERED, via2.outcome(), via2.detail());
        // the router decrements the TTL once (64 -> 63), the pod's node once more (-> 62); no NAT
        assertEquals(Set.of("198.51.100.10 ttl 62"), seenBy(r, "client-via-node2", "web-fghij"));
        NamespaceConfig router = r.network().namespace("edge-router");
        assertTrue(router.sysctls().ipForward());
        assertEquals(2, router.interfaces().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"behind: nowhere", "address: 172.18.0.10/24, behind: router",
            "address: 198.51.100.1/24, behind: router", "address: 10.244.7.7/24, behind: router"})
    void badHostsBehindTheRouterAreDiagnosed(String change) throws Exception {
        String text = Files.readString(EXAMPLE).replace("address: 198.51.100.10/24, behind: router",
                change.startsWith("behind") ? "address: 198.51.100.10/24, " + change : change);
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioRunner.run(
                ScenarioLoader.parse(text, "x.yaml", Path.of("examples"), new Diagnostics())));
        assertTrue(e.getMessage().contains("x.yaml:") && e.getMessage().contains("client"), e.getMessage());
    }
}
