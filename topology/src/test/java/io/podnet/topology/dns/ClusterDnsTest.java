package io.podnet.topology.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.socket.app.dns.DnsMessage;
import io.podnet.sim.socket.app.dns.DnsZone;
import io.podnet.sim.socket.app.dns.ResolvConf;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes parts of cluster DNS: CoreDNS's pod records ({@code pods insecure}: any
 * {@code a-b-c-d.NAMESPACE.pod.DOMAIN} answers a.b.c.d, per the kubernetes plugin's documentation)
 * and kubelet's ClusterFirst resolv.conf (search NS.svc.DOMAIN svc.DOMAIN DOMAIN, ndots:5).
 */
class ClusterDnsTest {
    @Test
    void podRecordsAnswerTheAddressTheirNameSpells() {
        DnsZone zone = new DnsZone("cluster.local", Map.of(), ClusterDns.podRecords("cluster.local"));
        assertEquals(List.of(Ipv4Address.parse("10.244.1.7")), zone.respond(DnsMessage.query(1,
                "10-244-1-7.default.pod.cluster.local", DnsMessage.TYPE_A)).addresses());
        assertEquals(DnsMessage.NXDOMAIN, zone.respond(DnsMessage.query(2, "10-244-1.default.pod.cluster.local",
                DnsMessage.TYPE_A)).rcode());
        assertEquals(DnsMessage.NXDOMAIN, zone.respond(DnsMessage.query(3, "10-244-1-7.pod.cluster.local",
                DnsMessage.TYPE_A)).rcode());
    }

    @Test
    void clusterFirstIsWhatKubeletWrites() {
        ResolvConf c = ClusterDns.clusterFirst(Ipv4Address.parse("10.96.0.10"), "prod", "cluster.local");
        assertEquals(List.of("prod.svc.cluster.local", "svc.cluster.local", "cluster.local"), c.search());
        assertEquals(5, c.ndots());
        assertEquals(List.of(Ipv4Address.parse("10.96.0.10")), c.nameservers());
    }
}
