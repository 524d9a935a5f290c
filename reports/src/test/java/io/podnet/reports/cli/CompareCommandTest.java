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
        Cli.Result r = Cli.run("compare", Cli.EXAMPLE, "--cni", "flannel-vxlan,flannel-host-gw", "--bulk", "256KiB");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\n                                 flannel-vxlan        flannel-host-gw\n"), r.out());
        assertTrue(r.out().contains("\noverhead per packet              50 B                 0 B\n"), r.out());
        assertTrue(r.out().contains("\npod MTU                          1450                 1500\n"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void jsonGoesToOutAtomicallyAndIsTheSameForTheSameSeed(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        for (Path p : new Path[] {a, b}) {
            Cli.Result r = Cli.run("compare", Cli.EXAMPLE, "--cni", "flannel-host-gw,flannel-vxlan", "--seed", "7",
                    "--bulk", "64KiB", "--json", "--out", p.toString());
            assertEquals(0, r.exit(), r.err());
            assertEquals("", r.out());
        }
        assertEquals(Files.readString(a), Files.readString(b));
        JsonNode root = new ObjectMapper().readTree(a.toFile());
        assertEquals(7, root.get("seed").asLong());
        assertEquals("flannel-host-gw", root.get("designs").get(0).get("design").asText());
        assertEquals(65536, root.get("designs").get(1).get("bulk").get("bytes").asLong());
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
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
                "calico-vxlan-crosssubnet,flannel-host-gw", "--bulk", "16KiB");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.out().contains("\n  flannel-host-gw: failed: flannel host-gw needs every node on one L2 segment"),
                r.out());
    }

    @Test
    void unwritableOutExitsTwo(@TempDir Path dir) {
        Cli.Result r = Cli.run("compare", Cli.EXAMPLE, "--cni", "flannel-vxlan", "--bulk", "16KiB", "--out",
                dir.resolve("missing/dir/out.txt").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("podnet: cannot write "), r.err());
    }
}
