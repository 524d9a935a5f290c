package io.podnet.sim.socket.app.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.net.Ipv4Address;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DnsZoneTest {
    final DnsZone zone = new DnsZone("cluster.local", Map.of(
            "my-app.default.svc.cluster.local", List.of(Ipv4Address.parse("10.96.0.11")),
            "db.prod.svc.cluster.local", List.of(Ipv4Address.parse("10.244.1.5"), Ipv4Address.parse("10.244.2.6"))),
            name -> name.equals("computed.cluster.local") ? List.of(Ipv4Address.parse("10.244.1.7")) : null);

    DnsMessage ask(String name, int type) {
        return zone.respond(DnsMessage.query(1, name, type));
    }

    @Test
    void answersServicesHeadlessServicesAndSynthesizedNames() {
        assertEquals(List.of(Ipv4Address.parse("10.96.0.11")), ask("My-App.default.svc.cluster.local", DnsMessage.TYPE_A)
                .addresses());
        DnsMessage headless = ask("db.prod.svc.cluster.local", DnsMessage.TYPE_A);
        assertEquals(List.of(Ipv4Address.parse("10.244.1.5"), Ipv4Address.parse("10.244.2.6")), headless.addresses());
        assertTrue(headless.authoritative());
        assertEquals(List.of(Ipv4Address.parse("10.244.1.7")), ask("Computed.cluster.local", DnsMessage.TYPE_A).addresses());
    }

    @Test
    void negativeAnswers() {
        assertEquals(DnsMessage.NXDOMAIN, ask("nope.default.svc.cluster.local", DnsMessage.TYPE_A).rcode());
        DnsMessage nodata = ask("my-app.default.svc.cluster.local", DnsMessage.TYPE_AAAA);
        assertEquals(DnsMessage.NOERROR, nodata.rcode());
        assertEquals(List.of(), nodata.answers());
        assertEquals(DnsMessage.TYPE_SOA, nodata.authority().get(0).type());
        assertEquals(DnsMessage.NOERROR, ask("svc.cluster.local", DnsMessage.TYPE_A).rcode(), "empty non-terminal");
        assertEquals(DnsMessage.SERVFAIL, ask("example.com", DnsMessage.TYPE_A).rcode(), "no upstream");
    }
}
