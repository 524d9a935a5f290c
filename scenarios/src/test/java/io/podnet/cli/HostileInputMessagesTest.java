package io.podnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What issue 8 found accepted silently or crashing, each now an error at its field. The rules
 * are the API server's (apimachinery's IsValidLabelValue: at most 63 characters; namespaces are
 * DNS-1123 labels; ports 1-65535; apps/v1 Deployments need a selector matching the template),
 * kube-apiserver's default --service-node-port-range 30000-32767 and Linux's default
 * net.ipv4.ip_local_port_range 32768-60999.
 */
class HostileInputMessagesTest {
    @TempDir
    Path dir;
    String base;

    @BeforeEach
    void readBase() throws Exception {
        base = Files.readString(Path.of("examples/frontend-to-backend.yaml"));
    }

    private CliTestSupport.Result validate(String text) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, text);
        return CliTestSupport.run("validate", f.toString());
    }

    /** Asserts an error at the position of {@code field} (its first occurrence in the text) with {@code message}. */
    private void refused(String text, String field, String message) throws Exception {
        CliTestSupport.Result r = validate(text);
        assertEquals(2, r.exit(), r.err());
        String expected = dir.resolve("s.yaml") + ":" + at(text, field) + ": " + message;
        assertTrue(r.err().contains(expected), "expected " + expected + " in:\n" + r.err());
    }

    /** line:column (1-based) of the first occurrence of {@code needle}. */
    static String at(String text, String needle) {
        int i = text.indexOf(needle);
        assertTrue(i >= 0, needle);
        int line = 1 + (int) text.substring(0, i).chars().filter(c -> c == '\n').count();
        int col = i - text.lastIndexOf('\n', i - 1);
        return line + ":" + col;
    }

    private String withResource(String yaml) {
        return base.replace("traffic:\n", yaml + "traffic:\n");
    }

    @Test
    void labelValueOver63Characters() throws Exception {
        refused(base.replace("labels: {app: my-app}", "labels: {app: " + "a".repeat(64) + "}"),
                "a".repeat(64), "label value '" + "a".repeat(57) + "... (64 characters)' of 'app' is not valid (64 characters,"
                        + " at most 63)");
    }

    @Test
    void namespaceMustBeADns1123Label() throws Exception {
        refused(base.replace("      name: backend-fghij\n", "      name: backend-fghij\n      namespace: Prod_NS\n"),
                "Prod_NS", "namespace 'Prod_NS' must consist of lower-case letters");
    }

    @Test
    void endpointSliceAddressAndPort() throws Exception {
        String t = withResource("  - apiVersion: discovery.k8s.io/v1\n    kind: EndpointSlice\n"
                + "    metadata: {name: s1, labels: {kubernetes.io/service-name: my-app}}\n    addressType: IPv4\n"
                + "    endpoints: [{addresses: [999.1.1.1]}]\n    ports: [{port: -5}]\n");
        refused(t, "999.1.1.1", "EndpointSlice address '999.1.1.1' is not an IPv4 address");
        refused(t, "-5}", "EndpointSlice port -5 is not a port number; expected 1-65535");
    }

    @Test
    void deploymentWithoutSelectorOrWithAMismatchedOne() throws Exception {
        String dep = "  - apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: web}\n    spec:\n"
                + "      replicas: 2\n%s      template:\n        metadata: {labels: {app: web}}\n"
                + "        spec: {containers: [{name: c, image: nginx}]}\n";
        refused(withResource(String.format(dep, "")), "replicas: 2", "Deployment web needs a non-empty spec.selector");
        refused(withResource(String.format(dep, "      selector: {matchLabels: {app: other}}\n")),
                "{matchLabels: {app: other}}", "Deployment web selector does not match its template's labels");
        // read before validation: an operator upstream does not know selects nothing
        refused(withResource(String.format(dep, "      selector: {matchExpressions: [{key: app, operator: Equals,"
                + " values: [web]}]}\n")), "{matchExpressions", "Deployment web selector does not match its template's labels");
        refused(withResource(String.format(dep, "      selector: {matchLabels: {app: }}\n")),
                "{matchLabels: {app: }}", "Deployment web selector does not match its template's labels");
    }

    @Test
    void dnsClusterIpOutsideTheServiceCidr() throws Exception {
        refused(base.replace("dns: {domain: cluster.local}", "dns: {domain: cluster.local, clusterIP: 10.200.0.10}"),
                "10.200.0.10", "cluster.dns.clusterIP 10.200.0.10 is outside serviceCIDR 10.96.0.0/12");
    }

    @Test
    void targetPortOutOfRange() throws Exception {
        refused(base.replace("targetPort: 8080", "targetPort: 70000"),
                "70000", "targetPort 70000 is not a port number; expected 1-65535");
    }

    @Test
    void repeatBeyondTheEphemeralPortRange() throws Exception {
        refused(base.replace("    at: 0ms", "    at: 0ms\n    repeat: {count: 30000, interval: 1us}"),
                "name: frontend-calls-my-app", "traffic frontend-calls-my-app repeats 30000 times from one pod, more than the 28232 ephemeral"
                        + " ports");
    }

    @Test
    void capsNameTheirPropertyAndOverflowsAreErrors() throws Exception {
        String dep = "  - apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: many}\n    spec:\n"
                + "      replicas: 2147483647\n      selector: {matchLabels: {app: many}}\n"
                + "      template:\n        metadata: {labels: {app: many}}\n"
                + "        spec: {containers: [{name: c, image: nginx}]}\n";
        refused(withResource(dep), "2147483647", "the resources ask for 2147483649 pods (Pods plus Deployment replicas), more"
                + " than a scenario may have; the limit is 20000 (raise it with -Dpodnet.limit.pods=N in JAVA_OPTS)");
        refused(base.replace("seed: 42", "seed: 99999999999999999999"), "99999999999999999999", "'seed' is 99999999999999999999, out of"
                + " range; expected a whole number between 0 and 9223372036854775807");
        refused(base.replace("    request: 200B", "    request: 2GiB"), "2GiB", "'request' is 2147483648 bytes, more than"
                + " a payload may be; the limit is 67108864 bytes (raise it with -Dpodnet.limit.payloadBytes=N");
        refused(base.replace("    at: 0ms", "    at: 0ms\n    repeat: {count: 100000, interval: 92233720368547758ns}"),
                "{count: 100000", "traffic frontend-calls-my-app lasts until 9223279803135.407252242 s");
    }

    @Test
    void includesStayInTheScenarioTreeAndAreNeverQuoted() throws Exception {
        String t = base.replace("resources:\n", "resources:\n  - {include: ../../../../../../../../etc/passwd}\n");
        refused(t, "../../", "include '../../../../../../../../etc/passwd' names '");
        assertTrue(validate(t).err().contains("etc/passwd', which is outside the scenario's directory"));
        assertFalse(validate(t).err().contains("root:"));
        Path f = dir.resolve("outside.yaml");
        Files.writeString(f, t);
        CliTestSupport.Result allowed = CliTestSupport.run("validate", "--allow-include-outside", f.toString());
        assertEquals(2, allowed.exit(), allowed.err()); // read now, but /etc/passwd is no manifest
        assertFalse(allowed.err().contains("root:"), "never quoted: " + allowed.err());
        t = base.replace("resources:\n", "resources:\n  - {include: '**/*['}\n");
        refused(t, "'**/*['", "include '**/*[' is not a valid glob: Missing ']");
        t = base.replace("resources:\n", "resources:\n  - {include: \"a\\0b.yaml\"}\n");
        refused(t, "\"a\\0b", "include path contains a NUL character");
    }

    /** YAML 1.2: an alias is the anchored node itself; a merge key adds the keys the mapping lacks. */
    @Test
    void aliasesInsideAManifestAreResolved() throws Exception {
        String t = base.replace("      labels: {app: my-app}", "      labels: &backend {app: my-app}")
                .replace("      selector: {app: my-app}", "      selector: {<<: *backend}");
        Path f = dir.resolve("alias.yaml");
        Files.writeString(f, t);
        CliTestSupport.Result r = CliTestSupport.run("run", f.toString(), "--out", dir.resolve("t.txt").toString());
        assertEquals(0, r.exit(), r.err()); // the Service selects the backend: the expectation servedBy holds
        assertTrue(r.err().contains("delivered by pod/backend-fghij"), r.err());
    }

    @Test
    void fileTypesAreCheckedBeforeReading() throws Exception {
        Path zero = Files.createSymbolicLink(dir.resolve("zero.yaml"), Path.of("/dev/zero"));
        CliTestSupport.Result r = CliTestSupport.run("validate", zero.toString());
        assertEquals(2, r.exit());
        assertEquals(zero + ":1:1: is not a regular file (a device, FIFO or socket, or a link to one); give the path of a"
                + " scenario file (.yaml or .json)\n1 error\n", r.err());
        r = CliTestSupport.run("validate", dir.toString());
        assertEquals(dir + ":1:1: is a directory; give the path of a scenario file (.yaml or .json)\n1 error\n", r.err());
    }

    @Test
    void aFloodOfErrorsIsCountedNotAllPrinted() throws Exception {
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            t.append("  - {nmae: x").append(i).append("}\n");
        }
        CliTestSupport.Result r = validate(base.replace("traffic:\n", "traffic:\n" + t));
        assertEquals(2, r.exit());
        String[] lines = r.err().split("\n");
        assertEquals(102, lines.length);
        assertEquals("... and 499900 more (the first 100 are shown; print more with -Dpodnet.limit.printedErrors=N in"
                + " JAVA_OPTS)", lines[100]);
        assertEquals("500000 errors", lines[101]);
    }
}
