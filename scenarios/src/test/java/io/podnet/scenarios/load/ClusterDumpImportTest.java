package io.podnet.scenarios.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.spec.FlannelSpec;
import io.podnet.topology.spec.NodeSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster as it runs, pasted into a scenario: {@code src/test/resources/import/kubeadm-flannel-3-nodes.yaml}
 * is a {@code kubectl get nodes,pods,services,endpointslices -A -o yaml} dump of a 3-node kubeadm
 * v1.30 cluster with Flannel (written from the API's object shapes: managedFields, status,
 * ownerReferences, resourceVersion), and {@code kube-flannel.yml} is upstream's manifest as it is.
 * The scenario ({@code kubeadm-flannel-cluster.yaml}) sets only the underlay.
 *
 * <p>Where the expectations come from: kube-controller-manager's range allocator
 * ({@code --allocate-node-cidrs}, {@code --cluster-cidr=10.244.0.0/16}, mask 24) gives the first
 * node the first subnet, 10.244.0.0/24, and Flannel's kube subnet manager ({@code --kube-subnet-mgr},
 * as kube-flannel.yml runs it) takes each node's lease from {@code spec.podCIDR} instead of choosing
 * one (flannel pkg/subnet/kube); Flannel's VXLAN backend routes a remote node's subnet
 * {@code via <its network address> dev flannel.1 onlink}; the CNI bridge plugin gives {@code cni0}
 * the subnet's first address; a pod with {@code hostNetwork: true} shares its node's network
 * namespace, so its {@code status.podIP} is the node's InternalIP (Kubernetes API, PodSpec
 * hostNetwork); the scheduler keeps pods off a node whose {@code NoSchedule} taint they do not
 * tolerate (k8s.io/api core/v1 toleration.go ToleratesTaint), and kubeadm taints the control plane
 * with {@code node-role.kubernetes.io/control-plane:NoSchedule}.
 */
class ClusterDumpImportTest {
    static final Path DIR = Path.of("src/test/resources/import");
    static final Path SCENARIO = DIR.resolve("kubeadm-flannel-cluster.yaml");
    static final String DUMP = "kubeadm-flannel-3-nodes.yaml";

    static LoadedScenario loaded;
    static RunResult run;

    @TempDir
    Path tmp;

    @BeforeAll
    static void runTheDump() throws Exception {
        loaded = Podnet.load(SCENARIO);
        run = Podnet.run(loaded, null);
    }

    @Test
    void theNodeObjectsAreTheNodesAndTheConfigMapIsTheCni() {
        List<NodeSpec> nodes = loaded.scenario().cluster().nodes();
        assertEquals(List.of("k8s-cp", "k8s-worker1", "k8s-worker2"), nodes.stream().map(NodeSpec::name).toList());
        assertEquals(List.of("192.168.56.10", "192.168.56.11", "192.168.56.12"),
                nodes.stream().map(n -> n.address().toString()).toList(), "status.addresses InternalIP");
        assertEquals("", nodes.get(0).labels().get("node-role.kubernetes.io/control-plane"), "the Node's labels");
        FlannelSpec cni = (FlannelSpec) loaded.scenario().cluster().cni();
        assertTrue(cni.origin().file().endsWith("kube-flannel.yml"), "kube-flannel-cfg's net-conf.json, no cluster.cni: "
                + cni.origin());
        assertEquals("10.244.0.0/16", cni.network().toString());
        List<String> errorsOrOddWarnings = loaded.warnings().stream().map(Diagnostic::render)
                .filter(w -> !w.contains("which podnet does not model") && !w.contains("EnableNFTables")).toList();
        assertEquals(List.of(), errorsOrOddWarnings, "only the skipped kinds and EnableNFTables are noted");
    }

    @Test
    void nodeSubnetsAreTheDumpsPodCidrs() {
        assertEquals("10.244.0.0/24", run.cluster().node("k8s-cp").podCidr().toString(),
                "the control plane's podCIDR (kube-controller-manager's first allocation), not Flannel's SubnetMin");
        assertEquals("10.244.1.0/24", run.cluster().node("k8s-worker1").podCidr().toString());
        assertEquals("10.244.2.0/24", run.cluster().node("k8s-worker2").podCidr().toString());
        InterfaceConfig cni0 = run.network().namespace("k8s-cp").iface("cni0");
        assertNotNull(cni0, "k8s-cp runs pods (CoreDNS), so it has the bridge");
        assertEquals(List.of(Ipv4Prefix.parse("10.244.0.1/24")), cni0.addresses());
        RouteConfig toCp = run.network().namespace("k8s-worker1").routesInInstallOrder().stream()
                .filter(r -> r.destination().toString().equals("10.244.0.0/24")).findFirst().orElseThrow();
        assertEquals("flannel.1", toCp.device());
        assertEquals("10.244.0.0", String.valueOf(toCp.via()));
        ClusterPod dns = run.cluster().pod("kube-system", "coredns-7db6d8ff4d-5tbnq");
        assertEquals("10.244.0.2", dns.ip().toString(), "status.podIP used as it is");
        assertEquals("k8s-cp", dns.node());
    }

    @Test
    void hostNetworkPodsHaveTheirNodesAddressAndNamespace() {
        for (String[] p : new String[][] {{"kube-proxy-7xk2p", "k8s-cp", "192.168.56.10"},
                {"kube-proxy-q8v4d", "k8s-worker1", "192.168.56.11"}, {"kube-proxy-zb9wn", "k8s-worker2", "192.168.56.12"},
                {"etcd-k8s-cp", "k8s-cp", "192.168.56.10"}, {"kube-apiserver-k8s-cp", "k8s-cp", "192.168.56.10"}}) {
            ClusterPod pod = run.cluster().pod("kube-system", p[0]);
            assertTrue(pod.hostNetwork(), p[0]);
            assertEquals(p[1], pod.netns(), p[0] + " lives in its node's namespace");
            assertEquals(p[2], pod.ip().toString(), p[0] + " has its node's IP");
            assertEquals(null, run.network().namespace(p[0]), "no namespace of its own");
        }
        ClusterPod flannel = run.cluster().pod("kube-flannel", "kube-flannel-ds-4mfrx");
        assertEquals("192.168.56.11", flannel.ip().toString());
    }

    @Test
    void trafficNamesObjectsWithTheirNamespaceAndEveryItemIsDelivered() {
        assertEquals(List.of(), Podnet.check(run));
        for (FlowResult f : run.flowsOf("shop-call")) {
            assertEquals("shop", f.servedByNamespace());
            assertTrue(f.servedBy().startsWith("backend-5c7d9f8b4-"), f.servedBy());
        }
        FlowResult staging = run.flowsOf("staging-call").get(0);
        assertEquals("staging", staging.servedByNamespace());
        assertEquals("backend-7b9c8d6f5-m2vxk", staging.servedBy());
        FlowResult redis = run.flowsOf("redis-shop").get(0);
        assertEquals("staging", redis.servedByNamespace(), "pod/staging/redis-0, not shop's redis-0");
        assertTrue(redis.path().contains("staging.redis-0/eth0"), redis.path().toString());
    }

    @Test
    void aServedByWithTheWrongNamespaceFails() throws Exception {
        Path p = copy(s -> s.replace("servedBy: pod/staging/redis-0", "servedBy: pod/shop/redis-0"), d -> d);
        var failures = Podnet.check(Podnet.run(Podnet.load(p), null));
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).render().contains("pod/staging/redis-0"), failures.get(0).render());
    }

    /**
     * A plain UDP datagram to the kube-dns Service reaches CoreDNS itself (it listens on 53 in its
     * pods), not a second listener: CoreDNS answers a message it cannot parse with a bare header
     * whose RCODE is FORMERR (RFC 1035 4.1.1: 12 bytes), so 12 bytes come back.
     */
    @Test
    void aUdpDatagramToKubeDnsIsAnsweredByCoreDnsItself() throws Exception {
        Path p = copy(s -> s.replace("to: service/kube-system/kube-dns:53, protocol: tcp",
                "to: service/kube-system/kube-dns:53, protocol: udp"), d -> d);
        RunResult r = Podnet.run(Podnet.load(p), null);
        FlowResult f = r.flowsOf("from-kube-proxy").get(0);
        assertEquals(io.podnet.scenarios.model.Outcome.DELIVERED, f.outcome(), f.toString());
        assertTrue(f.servedBy().startsWith("coredns-"), f.servedBy());
        assertEquals(12, f.bytesReceived(), f.toString());
    }

    @Test
    void unscheduledPodsStayOffTheTaintedControlPlane() throws Exception {
        String deployments = """
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web, namespace: shop}
                    spec:
                      replicas: 4
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec: {containers: [{name: web, image: nginx}]}
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: agent, namespace: shop}
                    spec:
                      replicas: 3
                      selector: {matchLabels: {app: agent}}
                      template:
                        metadata: {labels: {app: agent}}
                        spec:
                          tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]
                          containers: [{name: a, image: busybox}]
                """;
        Path p = copy(s -> s.replace("  - include: kubeadm-flannel-3-nodes.yaml\n",
                "  - include: kubeadm-flannel-3-nodes.yaml\n" + deployments), d -> d);
        RunResult r = Podnet.run(Podnet.load(p), null);
        List<ClusterPod> web = r.cluster().pods().stream().filter(x -> x.labels().get("app") != null
                && x.labels().get("app").equals("web")).toList();
        assertEquals(4, web.size());
        assertTrue(web.stream().noneMatch(x -> x.node().equals("k8s-cp")), "NoSchedule without a toleration");
        List<ClusterPod> agents = r.cluster().pods().stream().filter(x -> "agent".equals(x.labels().get("app"))).toList();
        assertTrue(agents.stream().anyMatch(x -> x.node().equals("k8s-cp")), "tolerated: the least-loaded node may be it");
    }

    // ------------------------------------------------------------------ what disagrees is named, with its place

    @Test
    void aHostNetworkPodWhosePodIpIsNotItsNodesIsNamedAtItsPodIp() throws Exception {
        // kube-proxy-q8v4d runs on k8s-worker1 (192.168.56.11); give it another address.
        String[] lines = Files.readString(DIR.resolve(DUMP)).split("\n", -1);
        int podLine = find(lines, "    name: kube-proxy-q8v4d", 0);
        int ipLine = find(lines, "    podIP: 192.168.56.11", podLine);
        Path p = copy(s -> s, d -> replaceLine(d, ipLine, "    podIP: 192.168.56.99"));
        String e = onlyError(p);
        assertTrue(e.startsWith("kubeadm-flannel-3-nodes.yaml:" + (ipLine + 1) + ":12: hostNetwork pod"
                + " kube-system/kube-proxy-q8v4d has status.podIP 192.168.56.99, but its node k8s-worker1 has address"
                + " 192.168.56.11"), e);
    }

    @Test
    void aPodCidrOutsideFlannelsNetworkIsNamedAtThePodCidr() throws Exception {
        String[] lines = Files.readString(DIR.resolve(DUMP)).split("\n", -1);
        int line = find(lines, "    podCIDR: 10.244.2.0/24", 0);
        Path p = copy(s -> s, d -> replaceLine(d, line, "    podCIDR: 10.245.2.0/24"));
        String e = onlyError(p);
        assertTrue(e.startsWith("kubeadm-flannel-3-nodes.yaml:" + (line + 1) + ":14: Node k8s-worker2 spec.podCIDR"
                + " 10.245.2.0/24 is outside the pod network 10.244.0.0/16 of the CNI (kube-flannel.yml:"), e);
    }

    @Test
    void aPodIpOutsideItsNodesPodCidrIsNamed() throws Exception {
        String[] lines = Files.readString(DIR.resolve(DUMP)).split("\n", -1);
        int podLine = find(lines, "    name: frontend-6d8f7c9b5-x7k2m", 0);
        int ipLine = find(lines, "    podIP: 10.244.1.2", podLine);
        // 10.244.2.77 is free on k8s-worker2 but the pod runs on k8s-worker1; the slice keeps the old address.
        Path p = copy(s -> s, d -> replaceLine(d, ipLine, "    podIP: 10.244.2.77"));
        String e = onlyError(p);
        assertTrue(e.startsWith("kubeadm-flannel-3-nodes.yaml:" + (ipLine + 1) + ":12: pod shop/frontend-6d8f7c9b5-x7k2m"
                + " has status.podIP 10.244.2.77, outside the pod subnet 10.244.1.0/24 of its node k8s-worker1"
                + " (spec.podCIDR at kubeadm-flannel-3-nodes.yaml:"), e);
    }

    @Test
    void anEndpointSliceAddressThatIsNotItsPodsIpIsNamed() throws Exception {
        String[] lines = Files.readString(DIR.resolve(DUMP)).split("\n", -1);
        int sliceLine = find(lines, "    name: backend-h2c8f", 0);
        int epLine = find(lines, "    - 10.244.2.3", find(lines, "- addressType: IPv4", sliceLine - 40));
        assertTrue(epLine < sliceLine, "the endpoints come before the slice's metadata, as kubectl prints them");
        Path p = copy(s -> s, d -> replaceLine(d, epLine, "    - 10.244.2.9"));
        String e = onlyError(p);
        assertTrue(e.startsWith("kubeadm-flannel-3-nodes.yaml:" + (epLine + 1) + ":7: EndpointSlice staging/backend-h2c8f"
                + " gives pod staging/backend-7b9c8d6f5-m2vxk address 10.244.2.9, but the pod's status.podIP is 10.244.2.3"), e);
    }

    @Test
    void aNodeObjectOutsideClusterNodesIsAnError() throws Exception {
        Path p = copy(s -> s.replace("  underlay: {cidr: 192.168.56.0/24}", "  nodes: [{name: k8s-cp, address:"
                + " 192.168.56.10}, {name: k8s-worker1, address: 192.168.56.11}]\n  underlay: {cidr: 192.168.56.0/24}"), d -> d);
        ScenarioException ex = assertThrows(ScenarioException.class, () -> Podnet.load(p));
        List<String> errors = ex.errors().stream().map(Diagnostic::render).toList();
        assertTrue(errors.stream().anyMatch(e -> e.contains("Node k8s-worker2 is not in cluster.nodes")), errors.toString());
    }

    @Test
    void nodeAddressesOutsideTheUnderlayAreNamedAtTheInternalIp() throws Exception {
        String[] lines = Files.readString(DIR.resolve(DUMP)).split("\n", -1);
        int line = find(lines, "    - address: 192.168.56.10", 0);
        Path p = copy(s -> s.replace("192.168.56.0/24", "172.18.0.0/24"), d -> d);
        ScenarioException ex = assertThrows(ScenarioException.class, () -> Podnet.load(p));
        List<String> errors = ex.errors().stream().map(Diagnostic::render)
                .map(e -> e.replace(tmp.toString() + "/", "")).toList();
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("kubeadm-flannel-3-nodes.yaml:" + (line + 1) + ":16: node"
                + " k8s-cp address 192.168.56.10 is not a host address of the underlay 172.18.0.0/24")), errors.toString());
    }

    @Test
    void aTypoInALiveObjectsSpecIsAnErrorButAnUnknownStatusFieldIsNot() throws Exception {
        String[] lines = Files.readString(DIR.resolve(DUMP)).split("\n", -1);
        int line = find(lines, "    podCIDRs:", 0);
        int statusLine = find(lines, "    nodeInfo:", 0);
        Path typo = copy(s -> s, d -> replaceLine(d, line, "    podCIDRz:"));
        String e = onlyError(typo);
        assertTrue(e.startsWith("kubeadm-flannel-3-nodes.yaml:" + (line + 1) + ":5: unknown field 'podCIDRz' in Node spec"
                + " (did you mean 'podCIDR'?)"), e);
        // A newer cluster reports status fields fabric8's model does not know yet (1.31's status.features).
        Path newer = copy(s -> s, d -> replaceLine(d, statusLine, "    features:\n      supplementalGroupsPolicy: true\n"
                + "    nodeInfo:"));
        assertFalse(Podnet.load(newer).scenario().resources().isEmpty());
    }

    // ------------------------------------------------------------------ helpers

    private Path copy(UnaryOperator<String> scenario, UnaryOperator<String> dump) throws Exception {
        Files.copy(DIR.resolve("kube-flannel.yml"), tmp.resolve("kube-flannel.yml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(tmp.resolve(DUMP), dump.apply(Files.readString(DIR.resolve(DUMP))));
        Path p = tmp.resolve("kubeadm-flannel-cluster.yaml");
        Files.writeString(p, scenario.apply(Files.readString(SCENARIO)));
        return p;
    }

    private String onlyError(Path p) {
        ScenarioException ex = assertThrows(ScenarioException.class, () -> Podnet.load(p));
        List<String> errors = ex.errors().stream().map(Diagnostic::render)
                .map(e -> e.replace(tmp.toString() + "/", "")).toList();
        assertEquals(1, errors.size(), errors.toString());
        return errors.get(0);
    }

    private static int find(String[] lines, String text, int from) {
        for (int i = Math.max(0, from); i < lines.length; i++) {
            if (lines[i].equals(text)) {
                return i;
            }
        }
        throw new AssertionError("no line '" + text + "' after line " + from);
    }

    private static String replaceLine(String text, int index, String with) {
        String[] lines = text.split("\n", -1);
        lines[index] = with;
        return String.join("\n", lines);
    }
}
