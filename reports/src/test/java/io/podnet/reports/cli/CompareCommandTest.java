package io.podnet.reports.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
    @Test
    void printsTheTableAndExitsZero() {
        Cli.Result r = Cli.run("compare", Cli.EXAMPLE, "--cni", "flannel-vxlan,flannel-host-gw", "--bulk", "256KiB",
                "--services", "none", "--rr-samples", "10");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().matches("(?s).*\n {20,}flannel-vxlan +flannel-host-gw\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\noverhead per packet +50 B +0 B\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\npod MTU +1450 +1500\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\nRR p50 / p90 / p99 \\(64 B\\) +[0-9.]+us / .*"), r.out());
        assertEquals("", r.err(), "no progress bar when standard output is not a terminal");
    }

    @Test
    void jsonGoesToOutAtomicallyAndIsTheSameForTheSameSeed(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        for (Path p : new Path[] {a, b}) {
            Cli.Result r = Cli.run("compare", Cli.EXAMPLE, "--cni", "flannel-host-gw,flannel-vxlan", "--seed", "7",
                    "--bulk", "64KiB", "--json", "--out", p.toString(), "--rr-samples", "20", "--services", "0,50");
            assertEquals(0, r.exit(), r.err());
            assertEquals("", r.out());
        }
        assertEquals(Files.readString(a), Files.readString(b));
        JsonNode root = new ObjectMapper().readTree(a.toFile());
        assertEquals(7, root.get("seed").asLong());
        assertEquals("flannel-host-gw", root.get("designs").get(0).get("design").asText());
        assertEquals(65536, root.get("designs").get(1).get("bulk").get("bytes").asLong());
        for (JsonNode d : root.get("designs")) {
            JsonNode rr = d.get("rr");
            assertEquals(20, rr.get("count").asInt());
            assertTrue(rr.get("p50Nanos").asLong() > 0 && rr.get("p50Nanos").asLong() <= rr.get("p90Nanos").asLong()
                    && rr.get("p90Nanos").asLong() <= rr.get("p99Nanos").asLong(), rr.toString());
            assertTrue(d.get("bulk").get("goodputBitsPerSecond").asLong() > 0);
            assertTrue(d.get("bulk").get("cpu").get("stepNanos").size() > 0);
        }
        JsonNode curve = root.get("newConnection").get("points");
        assertEquals(2, curve.size());
        assertTrue(curve.get(1).get("rulesEvaluated").asLong() > curve.get(0).get("rulesEvaluated").asLong());
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void htmlIsOneSelfContainedPageWithSvgCharts(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("c.html");
        Cli.Result r = Cli.run("compare", Cli.EXAMPLE, "--cni", "flannel-host-gw,flannel-vxlan", "--bulk", "64KiB",
                "--rr-samples", "5", "--services", "0,20", "--format", "html", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        String html = Files.readString(out);
        assertTrue(html.startsWith("<!DOCTYPE html>"), html);
        assertTrue(html.split("<svg", -1).length - 1 >= 4, "four charts");
        assertFalse(html.contains("<script") || html.contains("src=\"http") || html.contains("href=\"http"), html);
    }

    @Test
    void unknownDesignExitsTwoNamingTheAcceptedOnes() {
        Cli.Result r = Cli.run("compare", Cli.EXAMPLE, "--cni", "flannel-vxlan,calico-bpf");
        assertEquals(2, r.exit());
        assertEquals("podnet: --cni: unknown CNI design 'calico-bpf' (did you mean 'calico-bgp'?); accepted: "
                + String.join(", ", io.podnet.scenarios.Podnet.designs()) + "\n", r.err());
        assertTrue(r.err().contains("flannel-vxlan, flannel-host-gw, "), r.err());
        assertEquals("", r.out());
    }

    @Test
    void badBulkSizeAndMissingFileExitTwo() {
        Cli.Result bulk = Cli.run("compare", Cli.EXAMPLE, "--cni", "flannel-vxlan", "--bulk", "ten megs");
        assertEquals(2, bulk.exit());
        assertTrue(bulk.err().startsWith("podnet: --bulk 'ten megs' is not a size; expected a size such as"), bulk.err());
        Cli.Result missing = Cli.run("compare", "no-such-file.yaml", "--cni", "flannel-vxlan");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no-such-file.yaml"), missing.err());
        assertFalse(missing.err().contains("Exception"), missing.err());
    }

    @Test
    void aDesignThatCannotRunTheScenarioExitsOne() {
        Cli.Result r = Cli.run("compare", "../scenarios/examples/calico-vxlan-crosssubnet.yaml", "--cni",
                "calico-vxlan-crosssubnet,flannel-host-gw", "--bulk", "16KiB", "--services", "none");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.out().contains("\n  flannel-host-gw: failed: flannel host-gw needs every node on one L2 segment"),
                r.out());
    }

    @Test
    void unwritableOutExitsTwo(@TempDir Path dir) {
        Cli.Result r = Cli.run("compare", Cli.EXAMPLE, "--cni", "flannel-vxlan", "--bulk", "16KiB", "--services", "none", "--out",
                dir.resolve("missing/dir/out.txt").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("podnet: cannot write "), r.err());
    }

    @Test
    void kubeProxyModesAsJson() throws Exception {
        Cli.Result r = Cli.run("compare", "../scenarios/examples/loadbalancer.yaml", "--kube-proxy", "iptables,nftables",
                "--format", "json");
        assertEquals(0, r.exit(), r.err());
        com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertEquals("podnet-compare-modes/1", root.get("format").asText());
        assertEquals(42, root.get("seed").asInt());
        for (com.fasterxml.jackson.databind.JsonNode f : root.get("flows")) {
            assertEquals(true, f.get("agree").asBoolean(), f.toString());
        }
        assertEquals("dropped", root.get("flows").get(1).get("fields").get("outcome").get("byMode").get("nftables").asText());
        assertEquals(2, Cli.run("compare", Cli.EXAMPLE, "--kube-proxy", "iptables", "--format", "xml").exit());
    }
}
