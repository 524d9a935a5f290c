package io.podnet.topology.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.topology.Fixtures;
import io.podnet.topology.TopologyException;
import io.podnet.topology.render.CniPlugins;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.model.ClusterService;
import io.podnet.topology.spec.ClusterSpec;
import io.podnet.topology.spec.FlannelSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterBuilderTest {
    private static Cluster build(List<HasMetadata> objects, long seed, String... nodes) {
        ClusterSpec spec = Fixtures.spec(List.of(nodes), FlannelSpec.Backend.VXLAN, objects);
        return ClusterBuilder.build(spec, CniPlugins.forSpec(spec.cni(), spec.underlay()), seed);
    }

    private static TopologyException fails(List<HasMetadata> objects, String... nodes) {
        return assertThrows(TopologyException.class, () -> build(objects, 1, nodes));
    }

    @Test
    void deploymentReplicasAreNamedLikeTheReplicaSetController() {
        Cluster c = build(List.of(Fixtures.deployment("web", 3, Map.of("app", "web"), 8080)), 42, "node1", "node2");
        assertEquals(3, c.pods().size());
        String hash = c.pods().get(0).labels().get("pod-template-hash");
        assertTrue(hash.matches("[bcdfghjklmnpqrstvwxz2456789]{10}"), hash);
        for (ClusterPod p : c.pods()) {
            assertTrue(p.name().matches("web-" + hash + "-[bcdfghjklmnpqrstvwxz2456789]{5}"), p.name());
            assertEquals("web", p.labels().get("app"));
            assertEquals("Deployment/web", p.owner());
        }
    }

    @Test
    void deploymentExpansionIsDeterministic() {
        List<HasMetadata> objects = List.of(Fixtures.deployment("web", 4, Map.of("app", "web"), 8080));
        List<String> a = build(objects, 42, "node1", "node2").pods().stream().map(ClusterPod::name).toList();
        List<String> b = build(objects, 42, "node1", "node2").pods().stream().map(ClusterPod::name).toList();
        List<String> other = build(objects, 43, "node1", "node2").pods().stream().map(ClusterPod::name).toList();
        assertEquals(a, b);
        assertNotEquals(a, other);
        // The template hash does not depend on the seed, only the suffixes do.
        assertEquals(a.get(0).substring(0, 15), other.get(0).substring(0, 15));
        // A different template gives a different hash.
        String changed = build(List.of(Fixtures.deployment("web", 1, Map.of("app", "web"), 9090)), 42, "node1")
                .pods().get(0).name();
        assertNotEquals(a.get(0).substring(0, 15), changed.substring(0, 15));
    }

    @Test
    void replicasSpreadToTheLeastLoadedNodeTiesByNodeOrder() {
        Cluster c = build(List.of(
                Fixtures.pod("pinned", "node1", null, Map.of(), 80),
                Fixtures.deployment("web", 4, Map.of("app", "web"), 8080)), 1, "node1", "node2", "node3");
        List<String> nodes = c.pods().stream().map(ClusterPod::node).toList();
        // pinned: node1 (1,0,0); replicas: node2 (1,1,0), node3 (1,1,1), node1 (2,1,1), node2 (2,2,1).
        assertEquals(List.of("node1", "node2", "node3", "node1", "node2"), nodes);
        assertEquals(Ipv4Address.parse("10.244.1.2"), c.pods().get(0).ip());
        assertEquals(Ipv4Address.parse("10.244.2.2"), c.pods().get(1).ip());
        assertEquals(Ipv4Address.parse("10.244.3.2"), c.pods().get(2).ip());
        assertEquals(Ipv4Address.parse("10.244.1.3"), c.pods().get(3).ip());
        assertEquals(Ipv4Address.parse("10.244.2.3"), c.pods().get(4).ip());
    }

    @Test
    void podWithAnAddressButNoNodeGoesToTheNodeOwningIt() {
        Cluster c = build(List.of(Fixtures.pod("b", null, "10.244.2.8", Map.of(), 80)), 1, "node1", "node2");
        assertEquals("node2", c.pod("default", "b").node());
        TopologyException e = fails(List.of(Fixtures.pod("b", null, "10.244.9.8", Map.of(), 80)), "node1", "node2");
        assertTrue(e.getMessage().contains("in no node's pod subnet; use an address in one of 10.244.1.0/24 (node1), "
                + "10.244.2.0/24 (node2)"), e.getMessage());
    }

    @Test
    void podPinnedToAnUnknownNodeIsRejected() {
        TopologyException e = fails(List.of(Fixtures.pod("x", "node9", null, Map.of(), 80)), "node1", "node2");
        assertEquals("pod default/x is pinned to node node9 (spec.nodeName), which is not in the cluster; use one of node1, node2",
                e.getMessage());
        assertEquals("pod/default/x", e.subject());
    }

    @Test
    void clusterIpsAreAllocatedFromTwoUpwardsAroundExplicitOnes() {
        Cluster c = build(List.of(
                Fixtures.service("a", null, Map.of("app", "a"), 80, 80),
                Fixtures.service("b", "10.96.0.2", Map.of("app", "b"), 80, 80),
                Fixtures.service("c", null, Map.of("app", "c"), 80, 80)), 1, "node1");
        assertEquals(Ipv4Address.parse("10.96.0.3"), c.service("default", "a").clusterIp());
        assertEquals(Ipv4Address.parse("10.96.0.2"), c.service("default", "b").clusterIp());
        assertEquals(Ipv4Address.parse("10.96.0.4"), c.service("default", "c").clusterIp());
        assertEquals(3, c.warnings().size());
    }

    @Test
    void badClusterIpsAreRejected() {
        TopologyException e = fails(List.of(Fixtures.service("a", "10.200.0.1", Map.of(), 80, 80)), "node1");
        assertTrue(e.getMessage().contains("outside the service CIDR 10.96.0.0/12"), e.getMessage());
        e = fails(List.of(Fixtures.service("a", "10.96.0.1", Map.of(), 80, 80)), "node1");
        assertTrue(e.getMessage().contains("belongs to the default/kubernetes Service"), e.getMessage());
        e = fails(List.of(Fixtures.service("a", "10.96.0.9", Map.of(), 80, 80),
                Fixtures.service("b", "10.96.0.9", Map.of(), 80, 80)), "node1");
        assertEquals("services default/a and default/b both ask for clusterIP 10.96.0.9; give one of them another address or none",
                e.getMessage());
    }

    @Test
    void nodePortsAreAllocatedAndNamedTargetPortsResolved() {
        Service np = new ServiceBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withType("NodePort").withSelector(Map.of("app", "web"))
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString("http")).endPort()
                .addNewPort().withName("alt").withPort(81).withTargetPort(new IntOrString(9000)).withNodePort(30000).endPort()
                .endSpec().build();
        Cluster c = build(List.of(Fixtures.pod("w", "node1", null, Map.of("app", "web"), 8080), np), 1, "node1");
        ClusterService s = c.service("default", "web");
        assertEquals(30001, s.port("http").nodePort());
        assertEquals(30000, s.port("alt").nodePort());
        assertEquals("10.244.1.2:8080", s.port("http").endpoints().get(0).text());
        assertEquals("10.244.1.2:9000", s.port("alt").endpoints().get(0).text());
        EndpointSlice slice = c.endpointSlices().get(0);
        assertEquals("web", slice.getMetadata().getLabels().get("kubernetes.io/service-name"));
        assertTrue(slice.getMetadata().getName().matches("web-[bcdfghjklmnpqrstvwxz2456789]{5}"));
        assertEquals("node1", slice.getEndpoints().get(0).getNodeName());
    }

    @Test
    void nodePortOutsideTheRangeIsRejected() {
        Service np = new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withType("NodePort").addNewPort().withPort(80).withNodePort(3003).endPort().endSpec().build();
        TopologyException e = fails(List.of(np), "node1");
        assertTrue(e.getMessage().contains("outside the node port range 30000-32767"), e.getMessage());
    }

    @Test
    void headlessServiceHasNoClusterIpButEndpoints() {
        Cluster c = build(List.of(Fixtures.pod("db-0", "node1", null, Map.of("app", "db"), 5432),
                Fixtures.service("db", "None", Map.of("app", "db"), 5432, 5432)), 1, "node1");
        assertNull(c.service("default", "db").clusterIp());
        assertEquals(1, c.service("default", "db").ports().get(0).endpoints().size());
    }

    @Test
    void unsupportedKindsAreNamed() {
        TopologyException e = fails(List.of(new ConfigMapBuilder().withNewMetadata().withName("cfg").endMetadata().build()),
                "node1");
        assertTrue(e.getMessage().startsWith("objects of kind ConfigMap (v1) are not supported; accepted: v1 Pod"), e.getMessage());
    }

    @Test
    void overlappingRangesAreRejected() {
        ClusterSpec base = Fixtures.spec(List.of("node1"), FlannelSpec.Backend.VXLAN, List.of());
        ClusterSpec spec = new ClusterSpec(base.nodes(), base.underlay(), io.podnet.sim.net.Ipv4Prefix.parse("10.244.0.0/20"),
                base.clusterDomain(), base.kubeProxy(), base.cni(), List.of());
        TopologyException e = assertThrows(TopologyException.class,
                () -> ClusterBuilder.build(spec, CniPlugins.forSpec(spec.cni(), spec.underlay()), 1));
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());
    }

    @Test
    void samePodNameInTwoNamespacesGetsQualifiedNetns() {
        var p1 = Fixtures.pod("web", "node1", null, Map.of(), 80);
        var p2 = Fixtures.pod("web", "node1", null, Map.of(), 80);
        p2.getMetadata().setNamespace("prod");
        Cluster c = build(List.of(p1, p2), 1, "node1");
        assertEquals("default.web", c.pod("default", "web").netns());
        assertEquals("prod.web", c.pod("prod", "web").netns());
    }
}
