package io.podnet.scenarios.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.podnet.scenarios.model.Encapsulation;
import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.model.Protocol;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.model.Target;
import io.podnet.scenarios.model.TrafficItem;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.topology.spec.CalicoSpec;
import io.podnet.topology.spec.CniSpec;
import io.podnet.topology.spec.FlannelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {
    private static final String HEAD = "apiVersion: podnet/v1\nkind: Scenario\nmetadata: {name: t}\n";

    static Scenario parse(String yaml) throws ScenarioException {
        return ScenarioLoader.parse(yaml, "s.yaml", Path.of("."), new Diagnostics());
    }

    static List<String> errors(String yaml) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> parse(yaml));
        return e.diagnostics().stream().map(Diagnostic::render).collect(Collectors.toList());
    }

    @Test
    void theExampleLoadsIntoTypedRecords() throws Exception {
        Scenario s = ScenarioLoader.load(Path.of("examples/frontend-to-backend.yaml"), new Diagnostics());
        assertEquals("frontend-to-backend", s.name());
        assertEquals(42, s.seed());
        assertEquals(List.of("node1", "node2"), s.cluster().nodes().stream().map(n -> n.name()).toList());
        assertEquals("172.18.0.0/24", s.cluster().underlay().cidr().toString());
        assertEquals(50_000, s.cluster().underlay().latencyNanos());
        FlannelSpec f = (FlannelSpec) s.cluster().cni();
        assertEquals("examples/frontend-to-backend.yaml", f.origin().file()); // the CNI config's position
        assertEquals("10.244.0.0/16", f.network().toString());
        assertEquals(24, f.subnetLen());
        assertEquals(FlannelSpec.Backend.VXLAN, f.backend());
        assertEquals(8472, f.vxlanPort());
        assertEquals(1, f.vni());
        assertEquals(false, f.hairpinMode());
        Pod backend = (Pod) s.resources().get(1).object();
        assertEquals("10.244.2.8", backend.getStatus().getPodIP());
        assertEquals(8080, backend.getSpec().getContainers().get(0).getPorts().get(0).getContainerPort());
        TrafficItem t = s.traffic().get(0);
        assertEquals(Protocol.HTTP, t.protocol());
        assertEquals(200, t.requestBytes());
        assertEquals(4096, t.responseBytes());
        assertEquals(new Target(Target.Kind.SERVICE, "default", "my-app", 80, t.to().location()), t.to());
        assertEquals(Outcome.DELIVERED, s.expectations().get(0).outcome());
        assertEquals(Encapsulation.VXLAN, s.expectations().get(0).encapsulation());
        assertEquals(1_000_000L, s.expectations().get(0).maxLatencyNanos());
        assertEquals("examples/frontend-to-backend.yaml:72:5", s.expectations().get(0).location().toString());
    }

    @Test
    void seedDefaultsToOne() throws Exception {
        Scenario s = parse(HEAD + "cluster: {nodes: [node1]}\n");
        assertEquals(1, s.seed());
        assertEquals(false, s.seedGiven());
    }

    @Test
    void netConfForms() throws Exception {
        FlannelSpec a = (FlannelSpec) parse(HEAD + "cluster:\n  nodes: [node1]\n  cni: {Network: 10.1.0.0/16,"
                + " SubnetLen: 26, Backend: {Type: host-gw}}\n").cluster().cni();
        assertEquals("s.yaml:6:8", a.origin().toString());
        assertEquals("s.yaml:6:62", a.origin().at("backend").toString());
        assertEquals(FlannelSpec.Backend.HOST_GW, a.backend());
        assertEquals(26, a.subnetLen());
        FlannelSpec b = (FlannelSpec) parse(HEAD + "cluster:\n  nodes: [node1]\n  cni: '{\"Network\":"
                + " \"10.2.0.0/16\", \"SubnetLen\": 24, \"Backend\": {\"Type\": \"vxlan\", \"Port\": 4789, \"VNI\": 7}}'\n")
                .cluster().cni();
        assertEquals("10.2.0.0/16", b.network().toString());
        assertEquals(4789, b.vxlanPort());
        assertEquals(7, b.vni());
        FlannelSpec c = (FlannelSpec) parse(HEAD + "cluster:\n  nodes: [node1]\n  cni: flannel-host-gw\n")
                .cluster().cni();
        assertEquals("s.yaml:6:8", c.origin().toString());
        assertEquals(FlannelSpec.Backend.HOST_GW, c.backend());
    }

    @Test
    void cniErrors() {
        assertEquals(List.of("s.yaml:6:8: unknown CNI 'flanel-vxlan' (did you mean 'flannel-vxlan'?); expected a"
                + " Flannel CNI config (type: flannel with a delegate), a Flannel net-conf.json ({Network:"
                + " 10.244.0.0/16, Backend: {Type: vxlan}}), a Calico CNI config (type: calico), or one of the names"
                + " flannel-vxlan, flannel-host-gw, flannel-wireguard, geneve, calico, calico-bgp, calico-ipip,"
                + " calico-ipip-crosssubnet, calico-vxlan, calico-vxlan-crosssubnet"),
                errors(HEAD + "cluster:\n  nodes: [node1]\n  cni: flanel-vxlan\n"));
        assertEquals(List.of("s.yaml:6:47: Flannel backend 'udp' is not supported; expected one of: vxlan, host-gw,"
                + " wireguard"), errors(HEAD + "cluster:\n  nodes: [node1]\n  cni: {Network: 10.1.0.0/16, Backend:"
                + " {Type: udp}}\n"));
        assertEquals(List.of("s.yaml:6:23: unknown field 'ipamm' in cluster.cni (calico) (did you mean 'ipam'?);"
                + " accepted fields: type, name, cniVersion, mtu, ipam, policy, kubernetes, datastore_type, nodename,"
                + " log_level, log_file_path",
                "s.yaml:6:39: mtu 100 is below 576; expected 576-65535, or 0 to derive it from the underlay MTU"),
                errors(HEAD + "cluster:\n  nodes: [node1]\n  cni: {type: calico, ipamm: {}, mtu: 100}\n"));
    }

    @Test
    void everyDesignNameAndTheCalicoConfigLoad() throws Exception {
        for (String d : CniSpec.DESIGNS) {
            CniSpec c = parse(HEAD + "cluster:\n  nodes: [node1]\n  cni: " + d + "\n").cluster().cni();
            assertEquals(d, c.designName());
            assertEquals("s.yaml:6:8", c.origin().toString());
        }
        CalicoSpec c = (CalicoSpec) parse(HEAD + "cluster:\n  nodes: [node1]\n  cni: {type: calico, mtu: 1440,"
                + " ipam: {type: calico-ipam}, log_level: info}\n").cluster().cni();
        assertEquals("calico", c.designName());
        assertEquals(1440, c.vethMtu());
        assertEquals("s.yaml:6:28", c.origin().at("vethMtu").toString());
    }

    @Test
    void calicoResourcesAreKeptGenericAndNeedACalicoCni() throws Exception {
        String pool = "resources:\n  - apiVersion: projectcalico.org/v3\n    kind: IPPool\n    metadata: {name: p}\n"
                + "    spec: {cidr: 10.10.0.0/16, ipipMode: Always}\n";
        Scenario s = parse(HEAD + "cluster:\n  nodes: [node1]\n  cni: {type: calico}\n" + pool);
        assertEquals("IPPool", s.resources().get(0).kind());
        assertTrue(s.resources().get(0).object() instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource);
        assertEquals(List.of("s.yaml:9:11: Calico IPPool p needs a Calico CNI (cni: {type: calico} or calico-bgp,"
                + " calico-ipip, calico-vxlan...), but the cluster uses flannel-vxlan; remove it or switch the CNI"),
                errors(HEAD + "cluster:\n  nodes: [node1]\n  cni: flannel-vxlan\n" + pool));
        assertEquals(List.of("s.yaml:9:11: Calico kind FelixConfig is not supported;"
                + " accepted: IPPool, BGPConfiguration, BGPPeer, Node, IPAMConfiguration, FelixConfiguration"),
                errors(HEAD + "cluster:\n  nodes: [node1]\n  cni: calico\n" + pool.replace("IPPool", "FelixConfig")));
        assertEquals(List.of("s.yaml:5:34: node node1 has bgp settings both in cluster.nodes (line 5) and in this"
                + " Calico Node resource; keep one"),
                errors(HEAD + "cluster:\n  nodes: [{name: node1, bgp: {routeReflectorClusterID: 244.0.0.1}}]\n"
                        + "  cni: calico\nresources:\n  - {apiVersion: projectcalico.org/v3, kind: Node,"
                        + " metadata: {name: node1}}\n").stream().map(x -> x.replaceFirst("s.yaml:\\d+:\\d+",
                        "s.yaml:5:34")).toList());
    }

    @Test
    void underlaySubnets() throws Exception {
        Scenario s = parse(HEAD + "cluster:\n  nodes: [{name: a, subnet: rack1}, {name: b, subnet: rack2}]\n"
                + "  underlay:\n    subnets:\n      - {name: rack1, cidr: 172.18.1.0/24}\n"
                + "      - {name: rack2, cidr: 172.18.2.0/24}\n");
        assertEquals("10.255.0.0/24", s.cluster().underlay().cidr().toString());
        assertEquals(List.of("rack1", "rack2"), s.cluster().underlay().racks().stream().map(x -> x.name()).toList());
        assertEquals("rack2", s.cluster().node("b").rack());
        assertEquals(List.of("b"), s.cluster().rack("rack2").nodes());
        List<String> e = errors(HEAD + "cluster:\n  nodes: [{name: a, subnet: rack3}, {name: b}, {name: c, subnet:"
                + " rack1, address: 172.18.2.5}]\n  underlay:\n    cidr: 172.18.0.0/16\n    subnets:\n"
                + "      - {name: rack1, cidr: 172.18.1.0/24}\n      - {name: rack2, cidr: 172.18.1.128/25}\n");
        assertEquals(List.of(
                "s.yaml:5:29: node a names unknown subnet 'rack3' (did you mean 'rack1'?); subnets are: rack1, rack2",
                "s.yaml:5:44: node b names no subnet, but the underlay has several; add subnet: with one of rack1, rack2",
                "s.yaml:5:55: node c address 172.18.2.5 is not a host address of subnet rack1 172.18.1.0/24; expected an"
                        + " address inside it",
                "s.yaml:9:29: subnet rack1 172.18.1.0/24 overlaps the core segment 172.18.0.0/16 (underlay.cidr) that"
                        + " joins the racks' routers; choose disjoint ranges",
                "s.yaml:10:29: subnet rack2 172.18.1.128/25 overlaps the core segment 172.18.0.0/16 (underlay.cidr)"
                        + " that joins the racks' routers; choose disjoint ranges",
                "s.yaml:10:29: subnet rack2 172.18.1.128/25 overlaps subnet rack1 172.18.1.0/24; give each rack its own"
                        + " range"), e);
    }

    @Test
    void overlappingRanges() {
        List<String> e = errors(HEAD + "cluster:\n  nodes: [node1]\n  underlay: {cidr: 10.0.0.0/8}\n"
                + "  serviceCIDR: 10.96.0.0/12\n  cni: flannel-vxlan\n");
        assertEquals(List.of(
                "s.yaml:7:16: serviceCIDR 10.96.0.0/12 overlaps the underlay 10.0.0.0/8; the ranges must be disjoint",
                "s.yaml:8:8: the pod network 10.244.0.0/16 overlaps the underlay 10.0.0.0/8; the ranges must be"
                        + " disjoint"), e);
    }

    @Test
    void duplicatesAndBadNames() {
        List<String> e = errors(HEAD + "cluster:\n  nodes: [node1, node1, Node_3]\n");
        assertEquals(List.of(
                "s.yaml:5:18: duplicate node name 'node1' (first at line 5); node names must be unique",
                "s.yaml:5:25: node name 'Node_3' must consist of lower-case letters, digits, '-' and '.', each"
                        + " dot-separated part starting and ending with a letter or digit; expected a Kubernetes name"
                        + " such as node1"), e);
    }

    @Test
    void duplicateKeysAndSyntaxErrors() {
        assertEquals(List.of("s.yaml:4:1: duplicate key 'kind' (first at line 2); each key may appear once in a"
                + " mapping"), errors(HEAD + "kind: Scenario\ncluster: {nodes: [node1]}\n"));
        List<String> e = errors(HEAD + "cluster: {nodes: [node1]\n");
        assertEquals(1, e.size());
        assertEquals("s.yaml:5:1: not valid YAML: expected ',' or '}', but got <stream end> (while parsing a flow mapping that starts at line 4, column 10); fix the syntax at this position", e.get(0));
    }

    @Test
    void jsonScenarioKeepsPositions() {
        List<String> e = errors("{\n  \"apiVersion\": \"podnet/v1\",\n  \"kind\": \"Scenario\",\n"
                + "  \"metadata\": {\"name\": \"j\"},\n  \"cluster\": {\"nodes\": [\"node1\"], \"nodez\": 1}\n}\n");
        assertEquals(List.of("s.yaml:5:35: unknown field 'nodez' in cluster (did you mean 'nodes'?); accepted fields:"
                + " nodes, underlay, serviceCIDR, kubeProxy, dns, cni, mtu, networkPolicy, external"), e);
    }

    @Test
    void ipamExhaustionForPinnedPods() {
        StringBuilder y = new StringBuilder(HEAD + "cluster:\n  nodes: [node1]\n  cni: {Network: 10.1.0.0/16,"
                + " SubnetLen: 30}\nresources:\n");
        for (int i = 0; i < 2; i++) {
            y.append("  - {apiVersion: v1, kind: Pod, metadata: {name: p").append(i)
                    .append("}, spec: {nodeName: node1, containers: [{name: c, image: x}]}}\n");
        }
        assertEquals(List.of("s.yaml:5:11: node node1 has 2 pods pinned to it but its /30 pod subnet holds 1 (IPAM"
                + " exhausted); use a shorter SubnetLen or spread the pods"), errors(y.toString()));
    }

    @Test
    void trafficAndExpectationReferences() {
        List<String> e = errors(HEAD + "cluster: {nodes: [node1]}\nresources:\n"
                + "  - {apiVersion: v1, kind: Pod, metadata: {name: web}, spec: {containers: [{name: c, image: x}]}}\n"
                + "traffic:\n  - {name: a, from: pod/webb, to: 'pod/web:80', protocol: tcp}\n"
                + "  - {name: b, from: pod/web, to: 'dns/web.default:80', protocol: tcp}\n"
                + "  - {name: c, from: pod/web, to: 'ip/10.244.1.2', protocol: udp}\n"
                + "expect:\n  - {traffic: d, outcome: delivered}\n");
        assertEquals(List.of(
                "s.yaml:8:21: traffic a starts from unknown pod 'webb' (did you mean 'web'?); pods are: web",
                "s.yaml:10:34: 'to: ip/10.244.1.2' needs a port for udp; expected pod/NAME:PORT, service/NAME:PORT,"
                        + " service/NAMESPACE/NAME:PORT, node/NAME:PORT (a NodePort), loadbalancer/NAMESPACE/NAME:PORT,"
                        + " dns/NAME:PORT or ip/ADDRESS:PORT (no port for icmp)",
                "s.yaml:12:15: expectation 1 names unknown traffic 'd'; traffic items are: a, b"), e);
    }

    @Test
    void includesReadMultiDocumentFilesAtTheirOwnPositions(@TempDir Path dir) throws IOException, ScenarioException {
        Files.createDirectories(dir.resolve("manifests"));
        Files.writeString(dir.resolve("manifests/a.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n"
                + "spec: {containers: [{name: c, image: x}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n"
                + "spec: {selector: {app: a}, ports: [{port: 80}]}\n");
        Files.writeString(dir.resolve("manifests/b.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: b}\n"
                + "spec: {containers: [{name: c, image: x}], nodeNam: node1}\n");
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, HEAD + "cluster: {nodes: [node1]}\nresources:\n  - include: manifests/a.yaml\n");
        Scenario s = ScenarioLoader.load(file, new Diagnostics());
        assertEquals(List.of("Pod", "Service"), s.resources().stream().map(r -> r.kind()).toList());
        Files.writeString(file, HEAD + "cluster: {nodes: [node1]}\nresources:\n  - include: 'manifests/*.yaml'\n");
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(file,
                new Diagnostics()));
        String shown = file.toString().substring(0, file.toString().length() - "s.yaml".length());
        String first = e.errors().get(0).render();
        assertEquals(shown + "manifests/b.yaml:4:43: unknown field 'nodeNam' in Pod spec (did you mean 'nodeName'?);",
                first.substring(0, first.indexOf(';') + 1));
    }

    @Test
    void serviceSelectingNothingIsAWarning() throws ScenarioException {
        Diagnostics d = new Diagnostics();
        ScenarioLoader.parse(HEAD + "cluster: {nodes: [node1]}\nresources:\n"
                + "  - {apiVersion: v1, kind: Service, metadata: {name: s}, spec: {selector: {app: x}, ports: [{port:"
                + " 80}]}}\n", "s.yaml", Path.of("."), d);
        assertEquals(List.of("s.yaml:6:75: warning: Service s selects no pods; traffic to it is refused, as kube-proxy"
                + " rejects Services without endpoints"), d.warnings().stream().map(Diagnostic::render).toList());
    }
}
