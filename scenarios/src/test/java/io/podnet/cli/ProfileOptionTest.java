package io.podnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.cost.CostProfile;
import io.podnet.sim.cost.CostStep;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --profile}: a file, wire-only, and a bad file reported with positions (exit 2). */
class ProfileOptionTest {
    @Test
    void badProfileIsExitTwoWithEveryProblemPositioned(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("bad.yaml");
        Files.writeString(p, "apiVersion: podnet/v1\nkind: CostProfile\ncpusPerNode: 2\ncosts:\n"
                + "  vxlan-encpa: {perPacket: 1us, source: published}\n"
                + "  nat: {perPacket: 100, source: published}\n");
        CliTestSupport.Result r = CliTestSupport.run("run", "examples/frontend-to-backend.yaml", "--profile",
                p.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(p + ":5:3: unknown step 'vxlan-encpa' (did you mean 'vxlan-encap'?)"), r.err());
        assertTrue(r.err().contains(p + ":6:20: perPacket '100' needs a time with a unit"), r.err());
        assertEquals("", r.out(), "nothing half-written");
    }

    @Test
    void aProfileFileChangesTheCostsAndWireOnlyRemovesThem(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("slow.yaml");
        Files.writeString(p, CostProfile.wireOnly().withMetadata("slow", "", "", "")
                .withCost(CostStep.ROUTE_LOOKUP, 1_000, 0).toYaml());
        CliTestSupport.Result slow = CliTestSupport.run("run", "examples/frontend-to-backend.yaml", "--profile",
                p.toString(), "--costs");
        assertEquals(0, slow.exit(), slow.err());
        assertTrue(slow.out().contains("cpu: node1 cpu"), slow.out().substring(0, 2000));
        assertTrue(slow.out().contains("route-lookup 1000ns"), "the file's cost is used");
        CliTestSupport.Result free = CliTestSupport.run("run", "examples/frontend-to-backend.yaml", "--profile",
                "wire-only", "--costs");
        assertEquals(0, free.exit(), free.err());
        assertTrue(!free.out().contains("cpu: "), "wire-only charges nothing");
    }
}
