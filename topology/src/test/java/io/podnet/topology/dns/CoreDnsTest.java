package io.podnet.topology.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.socket.app.dns.DnsMessage;
import io.podnet.sim.socket.app.dns.DnsZone;
import io.podnet.topology.Fixtures;
import io.podnet.topology.TopologyException;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.render.ClusterRenderer;
import io.podnet.topology.spec.ClusterSpec;
import io.podnet.topology.spec.DnsSpec;
import io.podnet.topology.spec.FlannelSpec;
import io.podnet.topology.spec.PolicySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoreDnsTest {
    static ClusterSpec withDns(ClusterSpec s, DnsSpec dns) {
        return new ClusterSpec(s.nodes(), s.underlay(), s.serviceCidr(), s.clusterDomain(), s.kubeProxy(), s.cni(),
                s.objects(), PolicySpec.AUTO, dns);
    }

    @Test
    void kubeDnsTakesTheTenthAddressOrTheNextUnclaimedOne() {
        // The seed example's my-app claims 10.96.0.10.
        Cluster c = ClusterRenderer.render(withDns(Fixtures.seed(FlannelSpec.Backend.VXLAN), DnsSpec.COREDNS), 42).cluster();
        assertEquals(Ipv4Address.parse("10.96.0.11"), ClusterDns.nameserver(c));
        List<ClusterPod> servers = ClusterDns.servers(c);
        assertEquals(2, servers.size());
        assertTrue(servers.get(0).name().startsWith("coredns-"), servers.toString());
        // User pods keep their addresses: CoreDNS replicas come after them.
        assertEquals("10.244.2.8", c.pod("default", "backend-fghij").ip().toString());

        ClusterSpec bare = Fixtures.spec(List.of("n1"), FlannelSpec.Backend.VXLAN, List.of());
        c = ClusterRenderer.render(withDns(bare, DnsSpec.COREDNS), 1).cluster();
        assertEquals(Ipv4Address.parse("10.96.0.10"), ClusterDns.nameserver(c));
        c = ClusterRenderer.render(withDns(bare, new DnsSpec(true, Ipv4Address.parse("10.96.0.53"), 1)), 1).cluster();
        assertEquals(Ipv4Address.parse("10.96.0.53"), ClusterDns.nameserver(c));
        assertEquals(1, ClusterDns.servers(c).size());
        assertEquals("nameserver 10.96.0.53\nsearch kube-system.svc.cluster.local svc.cluster.local cluster.local\n"
                + "options ndots:5\n", ClusterDns.resolvConf(c, ClusterDns.servers(c).get(0)).text());
    }

    @Test
    void aClaimedClusterIpIsRefused() {
        TopologyException e = assertThrows(TopologyException.class, () -> ClusterRenderer.render(
                withDns(Fixtures.seed(FlannelSpec.Backend.VXLAN), new DnsSpec(true, Ipv4Address.parse("10.96.0.10"), 2)), 1));
        assertEquals("cluster.dns", e.subject());
    }

    @Test
    void zoneHasServicesAndHeadlessEndpoints() {
        List<HasMetadata> objects = new ArrayList<>(Fixtures.seed(FlannelSpec.Backend.VXLAN).objects());
        var headless = Fixtures.service("db", null, Map.of("app", "backend"), 5432, 8080);
        headless.getSpec().setClusterIP("None");
        objects.add(headless);
        ClusterSpec s = Fixtures.spec(List.of("node1", "node2"), FlannelSpec.Backend.VXLAN, objects);
        Cluster c = ClusterRenderer.render(withDns(s, DnsSpec.COREDNS), 42).cluster();
        DnsZone zone = ClusterDns.zone(c);
        assertEquals(List.of(Ipv4Address.parse("10.96.0.10")), zone.respond(DnsMessage.query(1,
                "my-app.default.svc.cluster.local", DnsMessage.TYPE_A)).addresses());
        assertEquals(List.of(Ipv4Address.parse("10.244.2.8")), zone.respond(DnsMessage.query(1,
                "db.default.svc.cluster.local", DnsMessage.TYPE_A)).addresses());
        assertEquals(List.of(Ipv4Address.parse("10.96.0.11")), zone.respond(DnsMessage.query(1,
                "kube-dns.kube-system.svc.cluster.local", DnsMessage.TYPE_A)).addresses());
    }
}
