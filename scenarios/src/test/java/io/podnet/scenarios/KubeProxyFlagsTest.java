package io.podnet.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.load.ScenarioLoader;
import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.run.ScenarioRunner;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * kube-proxy's --masquerade-all and --cluster-cidr (cluster.kubeProxy.masqueradeAll / clusterCIDR)
 * on the seed example. Upstream (pkg/proxy/iptables/proxier.go): with masqueradeAll the KUBE-SVC
 * chain marks every packet to the ClusterIP for SNAT; otherwise only sources outside the cluster
 * CIDR ({@code ! -s CIDR}), so a pod inside it keeps its address.
 */
class KubeProxyFlagsTest {
    private static RunResult run(String kubeProxy) throws Exception {
        String text = Files.readString(Path.of("examples/frontend-to-backend.yaml"))
                .replace("kubeProxy: {mode: iptables}", "kubeProxy: " + kubeProxy);
        assertTrue(text.contains(kubeProxy), "the example's kubeProxy line changed; update this test");
        return ScenarioRunner.run(ScenarioLoader.parse(text, "s.yaml", Path.of("examples"), new Diagnostics()));
    }

    private static Set<String> sourcesAtBackend(RunResult r) {
        Set<String> out = new LinkedHashSet<>();
        for (TraceEvent e : r.trace()) {
            Packet p = e.after() != null ? e.after() : e.before();
            if (e.kind() == EventKind.RX && "backend-fghij".equals(e.namespace()) && p != null
                    && p.first(Ipv4Header.class) != null) {
                out.add(p.first(Ipv4Header.class).src().toString());
            }
        }
        return out;
    }

    @Test
    void withoutFlagsThePodKeepsItsAddress() throws Exception {
        RunResult r = run("{mode: iptables}");
        assertEquals(Outcome.DELIVERED, r.flows().get(0).outcome());
        assertEquals(Set.of("10.244.1.2"), sourcesAtBackend(r));
    }

    @Test
    void masqueradeAllSnatsPodTrafficToTheClusterIp() throws Exception {
        RunResult r = run("{mode: iptables, masqueradeAll: true}");
        assertEquals(Outcome.DELIVERED, r.flows().get(0).outcome());
        assertEquals(Set.of("10.244.1.0"), sourcesAtBackend(r)); // node1's flannel.1 address
        String rules = r.network().namespace("node1").iptables();
        assertTrue(rules.contains("-m comment --comment \"default/my-app cluster IP\" -m tcp -p tcp -d 10.96.0.10"
                + " --dport 80 -j KUBE-MARK-MASQ\n"), rules);
    }

    @Test
    void clusterCidrDecidesWhatIsLocal() throws Exception {
        RunResult r = run("{mode: iptables, clusterCIDR: 10.99.0.0/16}");
        assertTrue(r.network().namespace("node1").iptables().contains("! -s 10.99.0.0/16 -j KUBE-MARK-MASQ"));
        assertEquals(Set.of("10.244.1.0"), sourcesAtBackend(r)); // the pod is outside that CIDR: masqueraded
    }

    @Test
    void badClusterCidrIsDiagnosed() {
        ScenarioException e = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class,
                () -> run("{mode: iptables, clusterCIDR: 10.99.0.0/99}"));
        assertTrue(e.getMessage().contains("s.yaml:"), e.getMessage());
    }
}
