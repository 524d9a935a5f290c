package io.podnet.scenarios.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.ScenarioException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manifests as clusters ship them: the upstream kube-flannel.yml as it is
 * ({@code src/test/resources/import/kube-flannel.yml}, flannel-io/flannel
 * {@code Documentation/kube-flannel.yml} at cdf760595c23292fd03ff4daf03638ac1ceef417: a Namespace, then
 * ClusterRole, ClusterRoleBinding, ServiceAccount, ConfigMap and DaemonSet) and a {@code kind: List}
 * as {@code kubectl get -o yaml} prints one. Kinds podnet does not model are skipped with one note
 * per kind (its count and where the others are); a typo of a modelled kind stays an error.
 */
class ClusterDumpKindsTest {
    @TempDir
    Path tmp;

    static final String SCENARIO = """
            apiVersion: podnet/v1
            kind: Scenario
            metadata: {name: with-upstream-flannel}
            seed: 1
            cluster:
              nodes: [node1, node2]
              underlay: {cidr: 172.18.0.0/24}
              cni: {type: flannel, delegate: {network: 10.244.0.0/16, backend: {type: vxlan}}}
            resources:
              - include: kube-flannel.yml
              - apiVersion: v1
                kind: List
                metadata: {resourceVersion: ""}
                items:
                  - apiVersion: v1
                    kind: ServiceAccount
                    metadata: {name: default, namespace: default}
                  - apiVersion: v1
                    kind: Pod
                    metadata: {name: client, namespace: default, labels: {app: client}}
                    spec: {nodeName: node1, containers: [{name: c, image: curl}]}
                  - apiVersion: v1
                    kind: Pod
                    metadata: {name: web, namespace: default, labels: {app: web}}
                    spec: {nodeName: node2, containers: [{name: w, image: nginx, ports: [{containerPort: 8080}]}]}
                  - apiVersion: v1
                    kind: Service
                    metadata: {name: web, namespace: default}
                    spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
            traffic:
              - {name: call, from: pod/client, to: service/web:80, protocol: tcp, request: 100B, response: 1KiB}
            expect:
              - {traffic: call, outcome: delivered}
            """;

    Path write(String scenario) throws Exception {
        Files.copy(Path.of("src/test/resources/import/kube-flannel.yml"), tmp.resolve("kube-flannel.yml"));
        Path p = tmp.resolve("s.yaml");
        Files.writeString(p, scenario);
        return p;
    }

    @Test
    void upstreamKubeFlannelAndAListLoadWithOneNotePerSkippedKind() throws Exception {
        LoadedScenario loaded = Podnet.load(write(SCENARIO));
        List<String> w = loaded.warnings().stream().map(Diagnostic::render).toList();
        assertEquals(5, w.size(), String.join("\n", w));
        assertTrue(w.stream().anyMatch(x -> x.contains("ConfigMap kube-flannel-cfg is not used: cluster.cni (line 8)")),
                w.toString());
        for (String kind : List.of("apps/v1 DaemonSet", "rbac.authorization.k8s.io/v1 ClusterRole,",
                "rbac.authorization.k8s.io/v1 ClusterRoleBinding", "v1 ServiceAccount")) {
            assertTrue(w.stream().anyMatch(x -> x.contains("of kind " + kind)), kind + " in " + w);
        }
        assertTrue(w.stream().anyMatch(x -> x.contains("skipped 2 objects of kind v1 ServiceAccount")
                && x.contains("the others at ")), w.toString());
        assertTrue(w.stream().anyMatch(x -> x.contains("kube-flannel.yml:") && x.contains("ClusterRoleBinding")), w.toString());
        assertTrue(loaded.scenario().resources().stream().anyMatch(r -> r.kind().equals("Namespace")
                && r.name().equals("kube-flannel")), "the Namespace is modelled and read");
        RunResult r = Podnet.run(loaded, null);
        assertEquals(List.of(), Podnet.check(r));
    }

    @Test
    void withoutClusterCniTheKubeFlannelConfigMapIsTheCni() throws Exception {
        LoadedScenario loaded = Podnet.load(write(SCENARIO.replace(
                "  cni: {type: flannel, delegate: {network: 10.244.0.0/16, backend: {type: vxlan}}}\n", "")));
        var cni = (io.podnet.topology.spec.FlannelSpec) loaded.scenario().cluster().cni();
        assertEquals("10.244.0.0/16", cni.network().toString(), "net-conf.json Network");
        assertEquals("vxlan", cni.backend().text(), "net-conf.json Backend.Type");
        List<String> w = loaded.warnings().stream().map(Diagnostic::render).toList();
        assertTrue(w.stream().anyMatch(x -> x.contains("'EnableNFTables' is accepted, not modelled")), w.toString());
        assertTrue(w.stream().noneMatch(x -> x.contains("ConfigMap")), w.toString());
        assertEquals(List.of(), Podnet.check(Podnet.run(loaded, null)));
    }

    @Test
    void theConfigMapsNetworkAndBackendAreUsed() throws Exception {
        Path p = write(SCENARIO.replace(
                "  cni: {type: flannel, delegate: {network: 10.244.0.0/16, backend: {type: vxlan}}}\n", ""));
        Path flannel = tmp.resolve("kube-flannel.yml");
        String text = Files.readString(flannel);
        assertTrue(text.contains("\"Network\": \"10.244.0.0/16\""), "upstream's Network");
        Files.writeString(flannel, text.replace("\"Network\": \"10.244.0.0/16\"", "\"Network\": \"10.250.0.0/16\"")
                .replace("\"Type\": \"vxlan\"", "\"Type\": \"host-gw\""));
        var cni = (io.podnet.topology.spec.FlannelSpec) Podnet.load(p).scenario().cluster().cni();
        assertEquals("10.250.0.0/16", cni.network().toString());
        assertEquals("host-gw", cni.backend().text());
    }

    @Test
    void aTypoOfAModelledKindStaysAnError() throws Exception {
        Path p = write(SCENARIO.replace("kind: Service\n", "kind: Servcie\n"));
        ScenarioException e = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class, () -> Podnet.load(p));
        List<String> errors = e.errors().stream().map(Diagnostic::render).toList();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("unsupported resource kind v1 Servcie (did you mean 'Service'?)"), errors.get(0));
    }
}
