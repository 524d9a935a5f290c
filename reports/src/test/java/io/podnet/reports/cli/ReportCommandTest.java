package io.podnet.reports.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportCommandTest {
    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** Validates against the Ant JUnit schema's constraints (src/test/resources/junit); throws when invalid. */
    static void validate(String xml) throws Exception {
        javax.xml.validation.SchemaFactory sf = javax.xml.validation.SchemaFactory.newInstance(
                javax.xml.XMLConstants.W3C_XML_SCHEMA_NS_URI);
        javax.xml.validation.Schema schema = sf.newSchema(ReportCommandTest.class.getResource(
                "/junit/ant-junit-testsuite.xsd"));
        schema.newValidator().validate(new javax.xml.transform.stream.StreamSource(new java.io.StringReader(xml)));
    }

    @Test
    void theSchemaRejectsWhatCiServersMisread() {
        String twoFailures = "<testsuite name='s' tests='1' failures='1' errors='0' time='0' timestamp='2026-12-07T11:14:49'"
                + " hostname='h'><properties/><testcase name='t' classname='c' time='0'><failure type='a'/>"
                + "<failure type='b'/></testcase><system-out/><system-err/></testsuite>";
        org.junit.jupiter.api.Assertions.assertThrows(org.xml.sax.SAXException.class, () -> validate(twoFailures));
        String noTimestamp = twoFailures.replace(" timestamp='2026-12-07T11:14:49'", "").replace("<failure type='b'/>", "");
        org.junit.jupiter.api.Assertions.assertThrows(org.xml.sax.SAXException.class, () -> validate(noTimestamp));
        String zoned = twoFailures.replace("11:14:49'", "11:14:49Z'").replace("<failure type='b'/>", "");
        org.junit.jupiter.api.Assertions.assertThrows(org.xml.sax.SAXException.class, () -> validate(zoned));
    }

    @Test
    void junitForAPassingRunHasOneTestcasePerExpectation() throws Exception {
        Cli.Result r = Cli.run("report", Cli.EXAMPLE, "--format", "junit");
        assertEquals(0, r.exit(), r.err());
        assertEquals("expectations: 1 of 1 hold\n", r.err());
        validate(r.out());
        Document d = parse(r.out());
        Element suite = d.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("frontend-to-backend", suite.getAttribute("name"));
        assertEquals("1", suite.getAttribute("tests"));
        assertEquals("0", suite.getAttribute("failures"));
        assertTrue(suite.getAttribute("timestamp").matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}"),
                suite.getAttribute("timestamp"));
        assertTrue(!suite.getAttribute("hostname").isBlank());
        assertTrue(Double.parseDouble(suite.getAttribute("time")) > 0, "wall-clock seconds of the run");
        NodeList cases = d.getElementsByTagName("testcase");
        assertEquals(1, cases.getLength());
        Element tc = (Element) cases.item(0);
        assertEquals("podnet.frontend-to-backend", tc.getAttribute("classname"));
        assertEquals("expect[1] frontend-calls-my-app: outcome delivered, servedBy pod/backend-*, encapsulation vxlan,"
                + " path of 6 hops, maxLatency 1ms (" + Cli.EXAMPLE + ":72)", tc.getAttribute("name"));
        assertEquals(0, d.getElementsByTagName("failure").getLength());
        java.util.Map<String, String> props = new java.util.TreeMap<>();
        NodeList p = d.getElementsByTagName("property");
        for (int i = 0; i < p.getLength(); i++) {
            props.put(((Element) p.item(i)).getAttribute("name"), ((Element) p.item(i)).getAttribute("value"));
        }
        assertEquals("42", props.get("seed"));
        assertEquals(Cli.EXAMPLE, props.get("file"));
        assertEquals("flannel-vxlan", props.get("cni"));
        assertTrue(d.getElementsByTagName("system-out").item(0).getTextContent()
                .contains("frontend-calls-my-app: delivered by pod/backend-fghij, encapsulation vxlan"));
    }

    @Test
    void junitFailureCarriesExpectedAndActual(@TempDir Path dir) throws Exception {
        Path xml = dir.resolve("junit.xml");
        // Under host-gw nothing is encapsulated: the example's "encapsulation: vxlan" and its path both fail,
        // and CI servers read only one <failure> per testcase, so they are merged into one.
        Cli.Result r = Cli.run("report", Cli.EXAMPLE, "--cni", "flannel-host-gw", "--format", "md", "--junit",
                xml.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.out().startsWith("# podnet run: frontend-to-backend\n"), r.out());
        assertTrue(r.err().endsWith("expectations: 0 of 1 hold\n"), r.err());
        String text = Files.readString(xml);
        validate(text);
        Document d = parse(text);
        assertEquals("1", d.getDocumentElement().getAttribute("failures"));
        NodeList failures = d.getElementsByTagName("failure");
        assertEquals(1, failures.getLength());
        Element f = (Element) failures.item(0);
        assertTrue(f.getAttribute("type").startsWith("encapsulation,"), f.getAttribute("type"));
        assertTrue(f.getAttribute("message").startsWith("encapsulation: expected vxlan, actual none; path: "),
                f.getAttribute("message"));
        assertTrue(f.getTextContent().contains("  expected: vxlan\n  actual:   none"), f.getTextContent());
        assertTrue(f.getTextContent().contains(Cli.EXAMPLE + ":"), "the failure text carries file:line:column");
    }

    @Test
    void invalidScenarioGivesAnErrorTestcaseAndExitTwo(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "apiVersion: podnet/v1\nkind: Scenario\nmetadata: {name: bad}\ncluster:\n  nodes: []\n"
                + "  cni: calico-bpf\n");
        Path xml = dir.resolve("junit.xml");
        Cli.Result r = Cli.run("report", bad.toString(), "--format", "junit", "--out", xml.toString());
        assertEquals(2, r.exit(), r.err());
        String text = Files.readString(xml);
        validate(text);
        Document d = parse(text);
        assertEquals("1", d.getDocumentElement().getAttribute("errors"));
        Element error = (Element) d.getElementsByTagName("error").item(0);
        assertTrue(error.getAttribute("message").startsWith(bad.toString() + ":"), error.getAttribute("message"));
        assertTrue(error.getTextContent().contains("calico-bpf"), error.getTextContent());
    }

    @Test
    void markdownReportShowsPathTunnelAndKubeProxyRules() {
        Cli.Result r = Cli.run("report", Cli.EXAMPLE);
        assertEquals(0, r.exit(), r.err());
        String md = r.out();
        assertTrue(md.contains("- CNI: flannel-vxlan, kube-proxy: iptables\n"), md);
        assertTrue(md.contains("| node1 | 172.18.0.2 | 10.244.1.0/24 | 1 |\n"), md);
        assertTrue(md.contains("| default/my-app | ClusterIP | 10.96.0.10 | 80/TCP -> 10.244.2.8:8080 |\n"), md);
        assertTrue(md.contains("- encapsulation: vxlan vni 1 udp/8472 172.18.0.2 -> 172.18.0.3, +50 B at node1/flannel.1\n"),
                md);
        assertTrue(md.contains("- path: `frontend-abcde/eth0` → `node1/"), md);
        assertTrue(md.contains("| node1 | nat/KUBE-SEP-"), md);
        assertTrue(md.contains("-j DNAT --to-destination 10.244.2.8:8080` | DNAT |"), md);
        assertTrue(md.contains("- ✅ expect[1] frontend-calls-my-app ("), md);
    }

    @Test
    void htmlAndJsonReports(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("r.html");
        assertEquals(0, Cli.run("report", Cli.EXAMPLE, "--format", "html", "--out", html.toString()).exit());
        String h = Files.readString(html);
        assertTrue(h.startsWith("<!DOCTYPE html>\n"), h);
        assertTrue(h.contains("<h1>podnet run: frontend-to-backend</h1>"), h);
        assertTrue(h.contains("<svg "), "latency chart");
        assertTrue(h.contains("-j DNAT --to-destination 10.244.2.8:8080"), h);
        assertTrue(h.contains("<p class=\"ok\" id=\"failures\">No failures: every expectation held.</p>"), h);
        assertTrue(h.contains("aria-label=\"ladder diagram of flow frontend-calls-my-app\""), "ladder diagram");
        assertTrue(h.contains(">TCP SYN</text>"), "the ladder names the packets");
        assertTrue(h.contains("aria-label=\"cluster topology: 2 nodes, 2 pods\""), "topology picture");
        assertTrue(h.indexOf(">backend-fghij</text>") > 0 && h.contains(">10.244.2.8</text>"), "pods drawn");
        assertTrue(h.contains("Latency per delivered flow"), "latency chart (JFreeChart)");
        assertTrue(h.contains("Time per hop: TCP SYN"), "per-hop time chart (JFreeChart)");
        assertTrue(h.contains("CPU charged (cost model)"), "the default profile's CPU time per hop is charted");
        // the walk is collapsed: the DNAT verdict in the short table, the jumps only inside <details>
        int details = h.indexOf("<details class=\"walk\">");
        assertTrue(details > 0, h);
        assertTrue(h.indexOf(">DNAT</td>") < details, "DNAT shown before the details");
        assertTrue(h.indexOf(">JUMP</td>") > details, "jumps only in the whole walk");
        // XML namespace names are identifiers, never fetched; any other URL would be a request
        String noNamespaces = h.replaceAll("xmlns(:\\w+)?=['\"][^'\"]*['\"]", "");
        assertFalse(noNamespaces.contains("http://") || noNamespaces.contains("https://"), "no external references");
        assertFalse(h.contains("<script"), "no scripts");
        assertTrue(h.contains("--comment &quot;default/my-app cluster IP&quot;"), "rule text is escaped");

        Cli.Result j = Cli.run("report", Cli.EXAMPLE, "--format", "json", "--seed", "42");
        assertEquals(0, j.exit(), j.err());
        JsonNode root = new ObjectMapper().readTree(j.out());
        assertEquals("podnet-report/1", root.get("format").asText());
        JsonNode flow = root.get("flows").get(0);
        assertEquals("delivered", flow.get("outcome").asText());
        assertEquals("backend-fghij", flow.get("servedBy").asText());
        assertEquals("vxlan", flow.get("encapsulation").asText());
        assertTrue(flow.get("latencyNanos").asLong() > 0);
        assertTrue(flow.get("kubeProxyRules").size() >= 4);
        assertTrue(root.get("expectations").get(0).get("held").asBoolean());
        assertEquals(j.out(), Cli.run("report", Cli.EXAMPLE, "--format", "json", "--seed", "42").out(), "stable");
    }

    @Test
    void htmlReportPutsFailuresFirst(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("r.html");
        // under host-gw the example's "encapsulation: vxlan" fails
        assertEquals(1, Cli.run("report", Cli.EXAMPLE, "--cni", "flannel-host-gw", "--format", "html", "--out",
                html.toString()).exit());
        String h = Files.readString(html);
        int failures = h.indexOf("<h2 id=\"failures\" class=\"fail\">Failures</h2>");
        assertTrue(failures > 0, h);
        assertTrue(failures < h.indexOf("<h2>Cluster</h2>"), "failures come before everything else");
        assertTrue(h.indexOf("expected <code>vxlan</code>, actual <code>none</code>") < h.indexOf("<h2>Cluster</h2>"),
                h);
    }

    @Test
    void unknownFormatAndDesignExitTwo() {
        Cli.Result f = Cli.run("report", Cli.EXAMPLE, "--format", "pdf");
        assertEquals(2, f.exit());
        assertTrue(f.err().contains("pdf"), f.err());
        Cli.Result c = Cli.run("report", Cli.EXAMPLE, "--cni", "weave");
        assertEquals(2, c.exit());
        assertTrue(c.err().startsWith("podnet: --cni: unknown CNI design 'weave'; accepted: flannel-vxlan,"), c.err());
    }
}
