package io.podnet.topology.kubeproxy.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.Fixtures;
import io.podnet.topology.render.ClusterRenderer;
import io.podnet.topology.render.RenderedCluster;
import io.podnet.topology.spec.ClusterSpec;
import io.podnet.topology.spec.FlannelSpec;
import io.podnet.topology.spec.KubeProxySpec;
import io.podnet.topology.spec.NodeSpec;
import io.podnet.topology.spec.UnderlaySpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IptablesProxierTest {
    static String golden(String name) throws IOException {
        try (InputStream in = IptablesProxierTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Service svc(String ns, String name, String ip, String type, Integer nodePort, List<String> externalIps,
                               String affinity) {
        return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec().withType(type).withClusterIP(ip).withExternalIPs(externalIps).withSessionAffinity(affinity)
                .addNewPort().withName("p80").withPort(80).withProtocol("TCP").withNodePort(nodePort)
                .withTargetPort(new IntOrString(80)).endPort().endSpec().build();
    }

    private static EndpointSlice slice(String ns, String svc, String... ips) {
        EndpointSliceBuilder b = new EndpointSliceBuilder().withNewMetadata().withNamespace(ns).withName(svc + "-abcde")
                .addToLabels("kubernetes.io/service-name", svc).endMetadata().withAddressType("IPv4")
                .addNewPort().withName("p80").withPort(80).withProtocol("TCP").endPort();
        for (String ip : ips) {
            b.addNewEndpoint().withAddresses(ip).endEndpoint();
        }
        return b.build();
    }

    /**
     * ns5/svc5 of TestOverallIPTablesRules: LoadBalancer, ingress 5.6.7.8, loadBalancerSourceRanges
     * 203.0.113.0/25, ClientIP affinity, externalTrafficPolicy Cluster (node port 30002 here, 3002
     * upstream, which the API server's range would reject).
     */
    static Service loadBalancerSvc5() {
        Service s = svc("ns5", "svc5", "172.30.0.45", "LoadBalancer", 30002, List.of(), "ClientIP");
        s.getSpec().setLoadBalancerSourceRanges(List.of("203.0.113.0/25"));
        s.getSpec().setExternalTrafficPolicy("Cluster");
        s.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder().withNewLoadBalancer()
                .addNewIngress().withIp("5.6.7.8").endIngress().endLoadBalancer().build());
        return s;
    }

    /** The Services of kube-proxy's TestOverallIPTablesRules that podnet models, with their endpoints. */
    static ClusterSpec kubeProxyTestCluster() {
        List<HasMetadata> objects = new ArrayList<>(List.of(
                svc("ns1", "svc1", "172.30.0.41", "ClusterIP", null, List.of(), null),
                svc("ns3", "svc3", "172.30.0.43", "NodePort", 30003, List.of(), null),
                svc("ns4", "svc4", "172.30.0.44", "ClusterIP", null, List.of("192.168.99.33"), null),
                loadBalancerSvc5(),
                svc("ns6", "svc6", "172.30.0.46", "ClusterIP", null, List.of(), null),
                slice("ns1", "svc1", "10.180.0.1"),
                slice("ns3", "svc3", "10.180.0.3"),
                slice("ns4", "svc4", "10.180.0.5", "10.180.0.4"),
                slice("ns5", "svc5", "10.180.0.3")));
        return new ClusterSpec(List.of(NodeSpec.named("test-node")), UnderlaySpec.KIND, Ipv4Prefix.parse("172.30.0.0/16"),
                "cluster.local", KubeProxySpec.IPTABLES, FlannelSpec.of(Ipv4Prefix.parse("10.0.0.0/8"),
                FlannelSpec.Backend.VXLAN), objects);
    }

    @Test
    void reproducesKubeProxysOverallRulesTest() throws IOException {
        RenderedCluster r = ClusterRenderer.render(kubeProxyTestCluster(), 1);
        assertEquals(golden("kube-proxy-overall.rules"), r.network().namespace("test-node").iptables());
    }

    @Test
    void seedClusterRulesOnNode1() throws IOException {
        RenderedCluster r = ClusterRenderer.render(Fixtures.seed(FlannelSpec.Backend.VXLAN), 42);
        assertEquals(golden("seed-node1.rules"), r.network().namespace("node1").iptables());
        // Cluster-policy rules do not depend on the node.
        assertEquals(r.network().namespace("node1").iptables(), r.network().namespace("node2").iptables());
    }

    @Test
    void threeEndpointsSplitOneThirdThenOneHalf() {
        ClusterSpec spec = Fixtures.spec(List.of("node1", "node2"), FlannelSpec.Backend.VXLAN, List.of(
                Fixtures.deployment("web", 3, Map.of("app", "web"), 8080),
                Fixtures.service("web", "10.96.0.20", Map.of("app", "web"), 80, 8080)));
        String rules = ClusterRenderer.render(spec, 7).network().namespace("node1").iptables();
        List<String> svcLines = new ArrayList<>();
        String chain = ChainNames.svc("default/web", "tcp");
        for (String l : rules.split("\n")) {
            if (l.startsWith("-A " + chain + " ") && l.contains(" -> ")) {
                svcLines.add(l);
            }
        }
        assertEquals(3, svcLines.size(), rules);
        assertTrue(svcLines.get(0).contains("-m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-"), svcLines.get(0));
        assertTrue(svcLines.get(1).contains("-m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-"), svcLines.get(1));
        assertFalse(svcLines.get(2).contains("statistic"), svcLines.get(2));
        // Endpoints in kube-proxy's order: sorted by ip:port text.
        assertTrue(svcLines.get(0).contains("\"default/web -> 10.244.1.2:8080\""), svcLines.get(0));
        assertTrue(svcLines.get(1).contains("\"default/web -> 10.244.1.3:8080\""), svcLines.get(1));
        assertTrue(svcLines.get(2).contains("\"default/web -> 10.244.2.2:8080\""), svcLines.get(2));
    }

    @Test
    void probabilitiesAreFormattedLikeGo() {
        assertEquals("0.3333333333", IptablesProxier.probability(3));
        assertEquals("0.5000000000", IptablesProxier.probability(2));
        assertEquals("0.1428571429", IptablesProxier.probability(7));
        // An exact half at the 11th digit rounds to even, as Go's strconv does.
        assertEquals("0.0004882812", IptablesProxier.probability(2048));
    }

    @Test
    void serviceWithoutEndpointsIsRejectedInFilter() {
        ClusterSpec spec = Fixtures.spec(List.of("node1"), FlannelSpec.Backend.VXLAN, List.of(
                Fixtures.service("ghost", "10.96.0.30", Map.of("app", "nobody"), 80, 8080)));
        RenderedCluster r = ClusterRenderer.render(spec, 1);
        String rules = r.network().namespace("node1").iptables();
        assertTrue(rules.contains("-A KUBE-SERVICES -m comment --comment \"default/ghost has no endpoints\" -m tcp -p tcp "
                + "-d 10.96.0.30 --dport 80 -j REJECT\n"), rules);
        assertFalse(rules.contains("KUBE-SVC-"), rules);
        assertEquals("service/default/ghost", r.cluster().warnings().get(0).subject());
    }

    @Test
    void headlessServiceGetsNoRules() {
        ClusterSpec spec = Fixtures.spec(List.of("node1"), FlannelSpec.Backend.VXLAN, List.of(
                Fixtures.pod("db-0", "node1", null, Map.of("app", "db"), 5432),
                Fixtures.service("db", "None", Map.of("app", "db"), 5432, 5432)));
        RenderedCluster r = ClusterRenderer.render(spec, 1);
        assertFalse(r.network().namespace("node1").iptables().contains("default/db"));
        assertEquals(1, r.cluster().service("default", "db").ports().get(0).endpoints().size());
    }

    @Test
    void masqueradeAllMarksEveryClusterIpPacket() {
        ClusterSpec seed = Fixtures.seed(FlannelSpec.Backend.VXLAN);
        ClusterSpec spec = new ClusterSpec(seed.nodes(), seed.underlay(), seed.serviceCidr(), seed.clusterDomain(),
                new KubeProxySpec(KubeProxySpec.Mode.IPTABLES, true), seed.cni(), seed.objects());
        String rules = ClusterRenderer.render(spec, 1).network().namespace("node1").iptables();
        assertTrue(rules.contains("-A KUBE-SVC-FWDTHD7PLJSQSVVA -m comment --comment \"default/my-app cluster IP\" "
                + "-m tcp -p tcp -d 10.96.0.10 --dport 80 -j KUBE-MARK-MASQ\n"), rules);
    }

    /** A NodePort Service with externalTrafficPolicy Local whose only pod is on node2. */
    static ClusterSpec localPolicyCluster() {
        Service np = new ServiceBuilder().withNewMetadata().withNamespace("default").withName("edge").endMetadata()
                .withNewSpec().withType("NodePort").withExternalTrafficPolicy("Local").withSelector(Map.of("app", "edge"))
                .addNewPort().withPort(80).withTargetPort(new IntOrString(8080)).endPort().endSpec().build();
        return Fixtures.spec(List.of("node1", "node2"), FlannelSpec.Backend.VXLAN, List.of(
                Fixtures.pod("edge-a", "node2", null, Map.of("app", "edge"), 8080), np));
    }

    @Test
    void externalTrafficPolicyLocalUsesOnlyTheNodesEndpoints() {
        RenderedCluster r = ClusterRenderer.render(localPolicyCluster(), 1);
        String ext = ChainNames.ext("default/edge", "tcp");
        String svl = ChainNames.svl("default/edge", "tcp");
        String node1 = r.network().namespace("node1").iptables();
        String node2 = r.network().namespace("node2").iptables();
        assertTrue(node1.contains("-A KUBE-EXTERNAL-SERVICES -m comment --comment \"default/edge has no local endpoints\" "
                + "-m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30000 -j DROP\n"), node1);
        assertFalse(node1.contains(svl), node1);
        assertTrue(node2.contains("-A " + ext + " -j " + svl + "\n"), node2);
        assertTrue(node2.contains("-A " + ext + " -m comment --comment \"pod traffic for default/edge external destinations\" "
                + "-s 10.244.0.0/16 -j KUBE-SVC-"), node2);
    }

    /** A ClusterIP Service with sessionAffinity ClientIP (timeout 600 s) and two endpoints. */
    static ClusterSpec affinityCluster() {
        Service sticky = new ServiceBuilder().withNewMetadata().withNamespace("default").withName("sticky").endMetadata()
                .withNewSpec().withClusterIP("10.96.0.20").withSessionAffinity("ClientIP")
                .withNewSessionAffinityConfig().withNewClientIP().withTimeoutSeconds(600).endClientIP()
                .endSessionAffinityConfig().withSelector(Map.of("app", "sticky"))
                .addNewPort().withPort(80).withTargetPort(new IntOrString(8080)).endPort().endSpec().build();
        return Fixtures.spec(List.of("node1", "node2"), FlannelSpec.Backend.VXLAN, List.of(
                Fixtures.pod("sticky-a", "node1", null, Map.of("app", "sticky"), 8080),
                Fixtures.pod("sticky-b", "node2", null, Map.of("app", "sticky"), 8080), sticky));
    }

    /** The affinity rules as upstream's proxier writes them, and the simulator's parser accepts them. */
    @Test
    void sessionAffinityWritesRecentRulesAsUpstream() {
        String rules = ClusterRenderer.render(affinityCluster(), 1).network().namespace("node1").iptables();
        String svc = ChainNames.svc("default/sticky", "tcp");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-A " + svc + " -m comment --comment \"default/sticky -> [0-9.:]+\" "
                + "-m recent --name (KUBE-SEP-\\w+) --rcheck --seconds 600 --reap -j (KUBE-SEP-\\w+)\n").matcher(rules);
        int n = 0;
        while (m.find()) {
            assertEquals(m.group(1), m.group(2));
            assertTrue(rules.contains("-A " + m.group(1) + " -m comment --comment default/sticky -m recent --name "
                    + m.group(1) + " --set -m tcp -p tcp -j DNAT --to-destination "), rules);
            n++;
        }
        assertEquals(2, n, rules);
        io.podnet.sim.netfilter.Ruleset.parse(rules);
    }

    /** A Service with a TCP and an SCTP port (upstream kube-proxy writes {@code -m sctp -p sctp} for the latter). */
    static ClusterSpec sctpCluster() {
        Service svc = new ServiceBuilder().withNewMetadata().withNamespace("default").withName("mixed").endMetadata()
                .withNewSpec().withClusterIP("10.96.0.30").withSelector(Map.of("app", "mixed"))
                .addNewPort().withName("http").withProtocol("TCP").withPort(80).withTargetPort(new IntOrString(8080)).endPort()
                .addNewPort().withName("sigtran").withProtocol("SCTP").withPort(2905).withTargetPort(new IntOrString(2905))
                .endPort().endSpec().build();
        return Fixtures.spec(List.of("node1", "node2"), FlannelSpec.Backend.VXLAN, List.of(
                Fixtures.pod("mixed-a", "node2", null, Map.of("app", "mixed"), 8080), svc));
    }

    @Test
    void sctpServicePortRendersSctpMatchesThatTheSimulatorParses() {
        String rules = ClusterRenderer.render(sctpCluster(), 1).network().namespace("node1").iptables();
        assertTrue(rules.contains("-m sctp -p sctp -d 10.96.0.30 --dport 2905 -j " + ChainNames.svc("default/mixed:sigtran",
                "sctp") + "\n"), rules);
        assertTrue(rules.contains("-m tcp -p tcp -d 10.96.0.30 --dport 80 -j "), rules);
        io.podnet.sim.netfilter.Ruleset.parse(rules);
    }
}
