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
