package io.podnet.sim.trace.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podnet.sim.trace.TraceEvent;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTraceRendererTest {
    @Test
    void sameEventsGiveByteIdenticalOutput() {
        byte[] a = JsonTraceRenderer.render(SampleTrace.events()).getBytes(StandardCharsets.UTF_8);
        byte[] b = JsonTraceRenderer.render(SampleTrace.events()).getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(a, b);
        StringWriter w1 = new StringWriter();
        StringWriter w2 = new StringWriter();
        SampleTrace.events().forEach(new JsonTraceRenderer(w1)::onEvent);
        SampleTrace.events().forEach(new JsonTraceRenderer(w2)::onEvent);
        assertEquals(w1.toString(), w2.toString());
        assertEquals(SampleTrace.events().size(), w1.toString().lines().count(), "JSON Lines: one event per line");
    }

    @Test
    void compactLineHasTheDocumentedKeyOrder() {
        TraceEvent note = SampleTrace.events().get(16);
        assertEquals("{\"seq\":16,\"time_ns\":20000,\"packet\":null,\"flow\":null,\"namespace\":\"node1\",\"device\":null,"
                + "\"kind\":\"NOTE\",\"explanation\":\"kube-proxy resynced\",\"decision\":null,\"before\":null,\"after\":null,\"cpu\":null}",
                JsonTraceRenderer.line(note));
        TraceEvent route = SampleTrace.events().get(1);
        assertEquals("{\"seq\":1,\"time_ns\":0,\"packet\":1,\"flow\":\"web\",\"namespace\":\"frontend\",\"device\":\"eth0\","
                + "\"kind\":\"ROUTE\",\"explanation\":\"default route: next hop 10.244.0.1 on eth0\","
                + "\"decision\":{\"type\":\"route\",\"table\":\"main\",\"route\":\"default via 10.244.0.1 dev eth0\","
                + "\"next_hop\":\"10.244.0.1\",\"out_device\":\"eth0\","
                + "\"text\":\"route table main: default via 10.244.0.1 dev eth0  => via 10.244.0.1 dev eth0\"},"
                + "\"before\":{\"length\":60,\"payload_length\":0,\"layers\":["
                + "{\"layer\":\"ipv4\",\"src\":\"10.244.0.5\",\"dst\":\"10.96.0.10\",\"ttl\":64,\"protocol\":\"tcp\",\"id\":4242,"
                + "\"tos\":0,\"df\":true,\"mf\":false,\"fragment_offset\":0},"
                + "{\"layer\":\"tcp\",\"src_port\":43512,\"dst_port\":80,\"flags\":\"S\",\"seq\":1000,\"ack\":0,\"window\":64860,"
                + "\"mss\":1410,\"wscale\":7,\"sack_ok\":true,\"ts_val\":1,\"ts_ecr\":0}]},\"after\":null,\"cpu\":null}",
                JsonTraceRenderer.line(route));
    }

    @Test
    void documentCarriesDecisionsAndLayers() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(JsonTraceRenderer.render(SampleTrace.events()));
        assertEquals("podnet-trace", doc.get("format").asText());
        assertEquals(1, doc.get("version").asInt());
        JsonNode events = doc.get("events");
        assertEquals(17, events.size());
        JsonNode encap = events.get(9);
        assertEquals(List.of("seq", "time_ns", "packet", "flow", "namespace", "device", "kind", "explanation", "decision",
                "before", "after", "cpu"), keys(encap));
        assertEquals("tunnel", encap.at("/decision/type").asText());
        assertEquals(1, encap.at("/decision/vni").asInt());
        assertEquals("192.168.1.11", encap.at("/decision/outer_dst").asText());
        assertEquals(74, encap.at("/before/length").asInt());
        assertEquals(124, encap.at("/after/length").asInt());
        List<String> layers = new ArrayList<>();
        encap.at("/after/layers").forEach(l -> layers.add(l.get("layer").asText()));
        assertEquals(List.of("ethernet", "ipv4", "udp", "vxlan", "ethernet", "ipv4", "tcp"), layers);
        assertEquals(8472, encap.at("/after/layers/2/dst_port").asInt());
        JsonNode nat = events.get(5);
        assertEquals("rule", nat.at("/decision/type").asText());
        assertEquals("KUBE-SEP-ABCDEF", nat.at("/decision/chain").asText());
        assertEquals(2, nat.at("/decision/rule_number").asInt());
        assertEquals("10.244.1.7", nat.at("/after/layers/1/dst").asText());
        assertEquals("NETWORK_POLICY", events.get(15).at("/decision/reason").asText());
        assertEquals(10_000, events.get(11).at("/decision/propagation_ns").asLong());
        String text = JsonTraceRenderer.render(SampleTrace.events());
        assertTrue(text.startsWith("{\n  \"format\": \"podnet-trace\",\n  \"version\": 1,\n  \"events\": [\n    {\n      \"seq\": 0,\n"));
        assertTrue(text.endsWith("}\n") && !text.contains("\r"));
    }

    private static List<String> keys(JsonNode n) {
        List<String> k = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            k.add(it.next());
        }
        return k;
    }
}
