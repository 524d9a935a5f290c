package io.podnet.topology.kubeproxy.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.podnet.sim.net.Ipv4Prefix;
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

/** The renderer against upstream's {@code TestOverallNFTablesRules} expectation (see the resource README). */
class NftablesProxierTest {
    static String resource(String name) throws IOException {
        try (InputStream in = NftablesProxierTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Service svc(String ns, String name, String ip, String type, Integer nodePort, List<String> externalIps) {
        return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec().withType(type).withClusterIP(ip).withExternalIPs(externalIps)
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
     * ns2/svc2 of upstream's test: LoadBalancer with externalTrafficPolicy Local, ingress 1.2.3.4,
     * externalIPs 192.168.99.22, healthCheckNodePort 30000; its only endpoint has no nodeName, so
     * this node has no local endpoint.
     */
    static Service loadBalancerSvc2() {
        Service s = svc("ns2", "svc2", "172.30.0.42", "LoadBalancer", 30001, List.of("192.168.99.22"));
        s.getSpec().setExternalTrafficPolicy("Local");
        s.getSpec().setHealthCheckNodePort(30000);
        s.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder().withNewLoadBalancer()
                .addNewIngress().withIp("1.2.3.4").endIngress().endLoadBalancer().build());
        return s;
    }

    /**
     * ns5/svc5 of upstream's test: LoadBalancer with externalTrafficPolicy Cluster, ingress 5.6.7.8,
     * loadBalancerSourceRanges 203.0.113.0/25 (upstream writes " 203.0.113.0/25", checking that the
     * stray blank is tolerated; the API server would reject it, podnet's parser too), ClientIP
     * affinity with 10800 s. Upstream also sets healthCheckNodePort 30000, which the API server
     * clears for a Cluster policy and the nftables proxier does not use.
     */
    static Service loadBalancerSvc5() {
        Service s = svc("ns5", "svc5", "172.30.0.45", "LoadBalancer", 30002, List.of());
        s.getSpec().setExternalTrafficPolicy("Cluster");
        s.getSpec().setLoadBalancerSourceRanges(List.of("203.0.113.0/25"));
        s.getSpec().setSessionAffinity("ClientIP");
        s.getSpec().setSessionAffinityConfig(new io.fabric8.kubernetes.api.model.SessionAffinityConfigBuilder()
                .withNewClientIP().withTimeoutSeconds(10800).endClientIP().build());
        s.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder().withNewLoadBalancer()
                .addNewIngress().withIp("5.6.7.8").endIngress().endLoadBalancer().build());
        return s;
    }

    /** The six Services of upstream's test. */
    static ClusterSpec upstreamCluster() {
        List<HasMetadata> objects = new ArrayList<>(List.of(
                svc("ns1", "svc1", "172.30.0.41", "ClusterIP", null, List.of()),
                loadBalancerSvc2(),
                loadBalancerSvc5(),
                slice("ns2", "svc2", "10.180.0.2"),
                slice("ns5", "svc5", "10.180.0.3"),
                svc("ns3", "svc3", "172.30.0.43", "NodePort", 30003, List.of()),
                svc("ns4", "svc4", "172.30.0.44", "ClusterIP", null, List.of("192.168.99.33")),
                svc("ns6", "svc6", "172.30.0.46", "ClusterIP", null, List.of()),
                slice("ns1", "svc1", "10.180.0.1"),
                slice("ns3", "svc3", "10.180.0.3"),
                slice("ns4", "svc4", "10.180.0.4", "10.180.0.5")));
        return new ClusterSpec(List.of(NodeSpec.named("test-node")), UnderlaySpec.KIND, Ipv4Prefix.parse("172.30.0.0/16"),
                "cluster.local", new KubeProxySpec(KubeProxySpec.Mode.NFTABLES, false),
                FlannelSpec.of(Ipv4Prefix.parse("10.0.0.0/8"), FlannelSpec.Backend.VXLAN), objects);
    }

    /** Upstream's sortNFTablesTransaction, reimplemented: object type, then object name; rules keep their order. */
    static List<String> sorted(String text) {
        List<String> lines = new ArrayList<>();
        for (String l : text.split("\n")) {
            String t = l.trim();
            if (!t.isEmpty() && !t.startsWith("#")) {
                lines.add(t);
            }
        }
        Map<String, Integer> order = Map.of("table", 0, "chain", 1, "rule", 2, "set", 3, "map", 4, "element", 5);
        lines.sort((a, b) -> {
            String[] wa = a.split(" ");
            String[] wb = b.split(" ");
            int c = Integer.compare(order.get(wa[1]), order.get(wb[1]));
            if (c != 0) {
                return c;
            }
            c = wa[4].compareTo(wb[4]);
            if (c != 0 || "rule".equals(wa[1])) {
                return c;
            }
            return a.compareTo(b);
        });
        return lines;
    }

    @Test
    void equalsUpstreamOverallNFTablesRulesLineForLine() throws IOException {
        RenderedCluster r = ClusterRenderer.render(upstreamCluster(), 1);
        String nodeIp = r.cluster().nodes().get(0).address().toString();
        String expected = resource("overall-nftables-rules.nft")
                .replace("nodeport-ips { 192.168.0.2 }", "nodeport-ips { " + nodeIp + " }")
                // podnet keeps node ports in 30000-32767 (upstream's fake uses 3001-3003)
                .replace("{ tcp . 3001 ", "{ tcp . 30001 ")
                .replace("{ tcp . 3002 ", "{ tcp . 30002 ")
                .replace("{ tcp . 3003 :", "{ tcp . 30003 :");
        String actual = r.network().namespace("test-node").nftables();
        assertEquals(String.join("\n", sorted(expected)), String.join("\n", sorted(actual)));
    }

    /**
     * {@code allocateLoadBalancerNodePorts: false} (KEP-1864): the API server leaves the ports without
     * node ports, so the proxier writes the ingress IP's {@code service-ips} and {@code firewall-ips}
     * elements and no {@code service-nodeports} element (upstream writes one only for
     * {@code svcInfo.NodePort() != 0}).
     */
    @Test
    void loadBalancerWithoutNodePorts() {
        Service s = loadBalancerSvc5();
        s.getSpec().getPorts().get(0).setNodePort(null);
        s.getSpec().setAllocateLoadBalancerNodePorts(false);
        List<HasMetadata> objects = List.of(s, slice("ns5", "svc5", "10.180.0.3"));
        ClusterSpec spec = upstreamCluster();
        ClusterSpec lb = new ClusterSpec(spec.nodes(), spec.underlay(), spec.serviceCidr(), spec.clusterDomain(),
                spec.kubeProxy(), spec.cni(), objects);
        RenderedCluster r = ClusterRenderer.render(lb, 1);
        String text = r.network().namespace("test-node").nftables();
        assertTrue(text.contains("add element ip kube-proxy service-ips { 5.6.7.8 . tcp . 80 : goto external-HVFWP5L3-ns5/svc5/tcp/p80 }"), text);
        assertTrue(text.contains("add element ip kube-proxy firewall-ips { 5.6.7.8 . tcp . 80 : goto firewall-HVFWP5L3-ns5/svc5/tcp/p80 }"), text);
        assertTrue(!text.contains("add element ip kube-proxy service-nodeports"), text);
    }

    @Test
    void chainNamesHashAsUpstream() {
        assertEquals("ULMVA6XW-ns1/svc1/tcp/p80", NftChainNames.serviceBase("ns1", "svc1", "tcp", "p80"));
        assertEquals("5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80",
                NftChainNames.endpointBase("ns1", "svc1", "tcp", "p80", "10.180.0.1", 80));
        assertEquals("GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80",
                NftChainNames.endpointBase("ns5", "svc5", "tcp", "p80", "10.180.0.3", 80));
    }

    @Test
    void listingHasTheTableAndBaseChainPriorities() {
        RenderedCluster r = ClusterRenderer.render(upstreamCluster(), 1);
        NftText t = new NftablesProxier(false).render(r.cluster(), r.cluster().nodes().get(0));
        String listing = t.listing();
        assertTrue(listing.startsWith("table ip kube-proxy {\n"), listing);
        assertTrue(listing.contains("type nat hook prerouting priority dstnat; policy accept;"), listing);
        assertTrue(listing.contains("type filter hook prerouting priority dstnat - 10; policy accept;"), listing);
        assertTrue(listing.contains("type nat hook postrouting priority srcnat; policy accept;"), listing);
        // as the kernel's nft 1.0.6 lists them (checked by loading the transaction and listing it)
        assertTrue(listing.contains("type filter hook output priority -110; policy accept;"), listing);
        assertTrue(listing.contains("type nat hook output priority -100; policy accept;"), listing);
    }
}
