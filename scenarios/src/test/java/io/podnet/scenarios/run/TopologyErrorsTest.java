package io.podnet.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.podnet.scenarios.load.ScenarioLoader;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.ScenarioException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Errors found while topology builds the cluster are reported at what they are about: the origin of
 * the spec record (or field) they carry, or the object and field they name. The messages are
 * topology's; what is asserted here is the position ({@code s.yaml:LINE:COLUMN}).
 */
class TopologyErrorsTest {
    private static final String HEAD = "apiVersion: podnet/v1\nkind: Scenario\nmetadata: {name: t}\n";

    /** The diagnostics of checking the scenario (what {@code podnet validate} runs), rendered. */
    private static List<String> errors(String yaml) throws ScenarioException {
        Scenario s = ScenarioLoader.parse(yaml, "s.yaml", Path.of("."), new Diagnostics());
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioRunner.check(s));
        return e.diagnostics().stream().map(Diagnostic::render).map(x -> x.substring(0, x.indexOf(": ") + 1)).toList();
    }

    @Test
    void aSpecRecordsOriginPlacesTheError() throws Exception {
        // CoreDNS cannot take the clusterIP a Service holds: at cluster.dns (the DnsSpec's origin)
        assertEquals(List.of("s.yaml:6:8:"), errors(HEAD + "cluster:\n  nodes: [node1]\n"
                + "  dns: {enabled: true, clusterIP: 10.96.0.50}\n"
                + "resources:\n  - {apiVersion: v1, kind: Service, metadata: {name: web},"
                + " spec: {clusterIP: 10.96.0.50, ports: [{port: 80}]}}\n"));
    }

    @Test
    void aCalicoResourceFieldPlacesTheError() throws Exception {
        String pool = "resources:\n  - apiVersion: projectcalico.org/v3\n    kind: IPPool\n    metadata: {name: p}\n";
        // the design needs vxlanMode Always: at the pool's ipipMode, the field that contradicts it
        assertEquals(List.of("s.yaml:11:42:"), errors(HEAD + "cluster:\n  nodes: [node1]\n  cni: calico-vxlan\n" + pool
                + "    spec: {cidr: 10.10.0.0/16, ipipMode: Always, vxlanMode: Never}\n"));
        // blockSize out of range (refused by the IpPool record): at blockSize
        assertEquals(List.of("s.yaml:11:61:"), errors(HEAD + "cluster:\n  nodes: [node1]\n  cni: calico\n" + pool
                + "    spec: {cidr: 10.10.0.0/16, ipipMode: Always, blockSize: 19}\n"));
        // a Calico Node's route reflector cluster ID: at the value inside spec.bgp (before: at spec.bgp)
        assertEquals(List.of("s.yaml:11:43:"), errors(HEAD + "cluster:\n  nodes: [node1]\n  cni: calico\n"
                + "resources:\n  - apiVersion: projectcalico.org/v3\n    kind: Node\n    metadata: {name: node1}\n"
                + "    spec: {bgp: {routeReflectorClusterID: not-an-address}}\n"));
    }
}
