package io.podnet.sim.socket.app.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.net.Ipv4Address;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DnsMessageTest {
    /** Bytes from a hex string with spaces, and 'text' runs written as ASCII. */
    static byte[] bytes(String spec) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < spec.length()) {
            char c = spec.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '\'') {
                int end = spec.indexOf('\'', i + 1);
                out.writeBytes(spec.substring(i + 1, end).getBytes(StandardCharsets.US_ASCII));
                i = end + 1;
            } else {
                out.write(Integer.parseInt(spec.substring(i, i + 2), 16));
                i += 2;
            }
        }
        return out.toByteArray();
    }

    static final String QUESTION = "06'my-app' 07'default' 03'svc' 07'cluster' 05'local' 00 0001 0001";
    static final byte[] QUERY = bytes("1234 0100 0001 0000 0000 0000 " + QUESTION);
    static final byte[] ANSWER = bytes("1234 8580 0001 0001 0000 0000 " + QUESTION
            + " c00c 0001 0001 00000005 0004 0a60000a");
    static final byte[] NXDOMAIN = bytes("1234 8583 0001 0000 0001 0000 " + QUESTION
            + " c01f 0006 0001 00000005 002a 02'ns' 03'dns' c01f 0a'hostmaster' c01f"
            + " 00000001 00001c20 00000708 00015180 00000005");

    /**
     * RFC 1035 3.3.1 (CNAME RDATA: one domain name) and 4.1.4 (compression): CoreDNS's answer to an A
     * query for ExternalName Service db (externalName: my-app.default.svc.cluster.local, in the
     * zone): the CNAME whose owner points at the question (c00c) and whose target reuses
     * "default.svc.cluster.local" of the question (offset 15 = 0x0f), then the target's A record
     * whose owner points at the CNAME's RDATA (offset 58 = 0x3a).
     */
    static final String DB_QUESTION = "02'db' 07'default' 03'svc' 07'cluster' 05'local' 00 0001 0001";
    static final byte[] CNAME_ANSWER = bytes("4321 8580 0001 0002 0000 0000 " + DB_QUESTION
            + " c00c 0005 0001 00000005 0009 06'my-app' c00f"
            + " c03a 0001 0001 00000005 0004 0a60000a");
    /** A CNAME to a name outside the zone: nothing to compress against, the whole name is written. */
    static final byte[] CNAME_OUTSIDE = bytes("4321 8580 0001 0001 0000 0000 " + DB_QUESTION
            + " c00c 0005 0001 00000005 0010 02'db' 07'example' 03'com' 00");

    @Test
    void cnameRecordsInTheWireFormat() {
        DnsMessage q = DnsMessage.query(0x4321, "db.default.svc.cluster.local", DnsMessage.TYPE_A);
        DnsMessage a = q.answer(true, DnsMessage.NOERROR, List.of(
                DnsMessage.Record.cname("db.default.svc.cluster.local", 5, "my-app.default.svc.cluster.local"),
                DnsMessage.Record.a("my-app.default.svc.cluster.local", 5, Ipv4Address.parse("10.96.0.10"))), List.of());
        assertArrayEquals(CNAME_ANSWER, a.encode());
        DnsMessage back = DnsMessage.decode(CNAME_ANSWER);
        assertEquals(a, back);
        assertEquals(new DnsMessage.Cname("my-app.default.svc.cluster.local"), back.answers().get(0).data());
        assertEquals("response 0x4321 NOERROR A db.default.svc.cluster.local,"
                + " db.default.svc.cluster.local. 5 IN CNAME my-app.default.svc.cluster.local.,"
                + " my-app.default.svc.cluster.local. 5 IN A 10.96.0.10", back.summary());
        DnsMessage.Chase chase = back.chase("DB.default.svc.cluster.local");
        assertEquals(List.of("my-app.default.svc.cluster.local"), chase.aliases());
        assertEquals(List.of(Ipv4Address.parse("10.96.0.10")), chase.addresses());

        DnsMessage outside = q.answer(true, DnsMessage.NOERROR, List.of(
                DnsMessage.Record.cname("db.default.svc.cluster.local", 5, "db.example.com")), List.of());
        assertArrayEquals(CNAME_OUTSIDE, outside.encode());
        assertEquals(outside, DnsMessage.decode(CNAME_OUTSIDE));
        assertEquals(List.of(), outside.chase("db.default.svc.cluster.local").addresses());
        assertEquals(List.of("db.example.com"), outside.chase("db.default.svc.cluster.local").aliases());
    }

    @Test
    void aCnameWhoseNameOverrunsItsLengthIsRefused() {
        byte[] bad = CNAME_OUTSIDE.clone();
        bad[12 + 34 + 2 + 2 + 2 + 4 + 1] = 0x0f; // RDLENGTH 16 -> 15: the name runs past the record
        assertThrows(IllegalArgumentException.class, () -> DnsMessage.decode(bad));
    }

    @Test
    void aChaseStopsAtALoop() {
        DnsMessage m = DnsMessage.query(1, "a.cluster.local", DnsMessage.TYPE_A).answer(true, DnsMessage.NOERROR, List.of(
                DnsMessage.Record.cname("a.cluster.local", 5, "b.cluster.local"),
                DnsMessage.Record.cname("b.cluster.local", 5, "a.cluster.local")), List.of());
        assertEquals(List.of("b.cluster.local"), m.chase("a.cluster.local").aliases());
        assertEquals(List.of(), m.chase("a.cluster.local").addresses());
    }

    @Test
    void queryAsGlibcSendsIt() {
        DnsMessage q = DnsMessage.query(0x1234, "my-app.default.svc.cluster.local", DnsMessage.TYPE_A);
        assertArrayEquals(QUERY, q.encode());
        assertEquals(q, DnsMessage.decode(QUERY));
        assertEquals("query 0x1234 A my-app.default.svc.cluster.local", q.summary());
    }

    @Test
    void answerCompressesTheOwnerNameToThQuestion() {
        DnsMessage q = DnsMessage.decode(QUERY);
        DnsMessage a = q.answer(true, DnsMessage.NOERROR,
                List.of(DnsMessage.Record.a("my-app.default.svc.cluster.local", 5, Ipv4Address.parse("10.96.0.10"))), List.of());
        assertArrayEquals(ANSWER, a.encode());
        DnsMessage back = DnsMessage.decode(ANSWER);
        assertEquals(a, back);
        assertEquals(List.of(Ipv4Address.parse("10.96.0.10")), back.addresses());
        assertEquals("response 0x1234 NOERROR A my-app.default.svc.cluster.local, my-app.default.svc.cluster.local. 5 IN A"
                + " 10.96.0.10", back.summary());
    }

    @Test
    void nxdomainCarriesTheSoaWithCompressedNames() {
        DnsZone zone = new DnsZone("cluster.local", Map.of());
        DnsMessage r = zone.respond(DnsMessage.decode(QUERY));
        assertArrayEquals(NXDOMAIN, r.encode());
        DnsMessage back = DnsMessage.decode(NXDOMAIN);
        assertEquals(r, back);
        assertEquals(DnsMessage.NXDOMAIN, back.rcode());
        assertEquals("cluster.local. 5 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1 7200 1800 86400 5",
                back.authority().get(0).text());
    }

    @Test
    void rejectsTruncationAndPointerLoops() {
        for (int n : new int[] {0, 5, 11, 13, QUERY.length - 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DnsMessage.decode(Arrays.copyOf(QUERY, n)));
            assertTrue(e.getMessage().startsWith("DNS message truncated"), e.getMessage());
        }
        for (int n = QUERY.length; n < ANSWER.length; n++) {
            int len = n;
            assertThrows(IllegalArgumentException.class, () -> DnsMessage.decode(Arrays.copyOf(ANSWER, len)));
        }
        byte[] loop = bytes("0001 0100 0001 0000 0000 0000 c00c 0001 0001");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DnsMessage.decode(loop));
        assertTrue(e.getMessage().contains("does not point back"), e.getMessage());
    }

    @Test
    void rawRecordsRoundTrip() {
        DnsMessage m = new DnsMessage(7, true, 0, false, false, true, true, 0, List.of(),
                List.of(new DnsMessage.Record("x.example", 99, 1, 60, new DnsMessage.Raw(new byte[] {1, 2, 3}))),
                List.of(), List.of());
        assertEquals(m, DnsMessage.decode(m.encode()));
        assertThrows(IllegalArgumentException.class, () -> DnsMessage.query(1, "a..b", DnsMessage.TYPE_A));
        assertThrows(IllegalArgumentException.class, () -> DnsMessage.query(70000, "a", DnsMessage.TYPE_A));
    }
}
