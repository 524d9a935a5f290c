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

    /**
     * ExternalName Services as CoreDNS's kubernetes plugin answers them (plugin/backend_lookup.go,
     * and the Kubernetes DNS docs: "ExternalName Services ... a CNAME record"): a CNAME query gets
     * the CNAME; an A query the CNAME followed, for a target in the zone, by the target's answer; a
     * target in the zone without A records empties the answer (NODATA); a target outside the zone
     * would be asked upstream, which the simulation has not: the CNAME alone.
     */
    @Test
    void externalNameAliasesAnswerWithACname() {
        DnsZone z = new DnsZone("cluster.local", Map.of(
                "my-app.default.svc.cluster.local", List.of(Ipv4Address.parse("10.96.0.11"))),
                Map.of("db.default.svc.cluster.local", "my-app.default.svc.cluster.local",
                        "ext.default.svc.cluster.local", "db.example.com",
                        "chain.default.svc.cluster.local", "db.default.svc.cluster.local",
                        "gone.default.svc.cluster.local", "nope.default.svc.cluster.local",
                        "self.default.svc.cluster.local", "self.default.svc.cluster.local"),
                name -> null);
        DnsMessage in = z.respond(DnsMessage.query(7, "db.default.svc.cluster.local", DnsMessage.TYPE_A));
        assertEquals(DnsMessage.NOERROR, in.rcode());
        assertTrue(in.authoritative());
        assertEquals(List.of(
                DnsMessage.Record.cname("db.default.svc.cluster.local", 5, "my-app.default.svc.cluster.local"),
                DnsMessage.Record.a("my-app.default.svc.cluster.local", 5, Ipv4Address.parse("10.96.0.11"))), in.answers());

        DnsMessage chain = z.respond(DnsMessage.query(7, "chain.default.svc.cluster.local", DnsMessage.TYPE_A));
        assertEquals(List.of("db.default.svc.cluster.local", "my-app.default.svc.cluster.local"),
                chain.chase("chain.default.svc.cluster.local").aliases());
        assertEquals(List.of(Ipv4Address.parse("10.96.0.11")), chain.chase("chain.default.svc.cluster.local").addresses());

        DnsMessage out = z.respond(DnsMessage.query(7, "ext.default.svc.cluster.local", DnsMessage.TYPE_A));
        assertEquals(DnsMessage.NOERROR, out.rcode());
        assertEquals(List.of(DnsMessage.Record.cname("ext.default.svc.cluster.local", 5, "db.example.com")), out.answers());

        DnsMessage cname = z.respond(DnsMessage.query(7, "db.default.svc.cluster.local", DnsMessage.TYPE_CNAME));
        assertEquals(List.of(DnsMessage.Record.cname("db.default.svc.cluster.local", 5, "my-app.default.svc.cluster.local")),
                cname.answers());

        for (String empty : List.of("gone.default.svc.cluster.local", "self.default.svc.cluster.local")) {
            DnsMessage nodata = z.respond(DnsMessage.query(7, empty, DnsMessage.TYPE_A));
            assertEquals(DnsMessage.NOERROR, nodata.rcode(), empty);
            assertEquals(List.of(), nodata.answers(), empty);
            assertEquals(DnsMessage.TYPE_SOA, nodata.authority().get(0).type(), empty);
        }
    }
}
