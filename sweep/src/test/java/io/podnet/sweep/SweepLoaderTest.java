package io.podnet.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.ScenarioException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepLoaderTest {
    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        Files.writeString(dir.resolve("s.yaml"), "apiVersion: podnet/v1\nkind: Scenario\n");
        Path f = dir.resolve("sweep.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void readsGridAndExpectations() throws Exception {
        SweepSpec s = SweepLoader.load(write("""
                apiVersion: podnet/v1
                kind: Sweep
                metadata: {name: t}
                scenario: s.yaml
                grid:
                  cni: [flannel-vxlan, flannel-host-gw, calico-bgp]
                  seed: [1, 2]
                  cluster.underlay.link.latency: [10us, 50us]
                expect:
                  - {metric: rr.p99Nanos, by: cni, atMost: 100us, inAtLeast: 95%}
                  - {metric: rr.p50Nanos, compare: {cni: flannel-vxlan, to: flannel-host-gw}, within: 10%}
                """));
        assertEquals("t", s.name());
        assertEquals(dir.resolve("s.yaml"), s.scenario());
        assertEquals(12, s.cellCount());
        assertEquals(100_000.0, s.expectations().get(0).atMost());
        assertEquals(0.95, s.expectations().get(0).inAtLeast(), 1e-12);
        assertTrue(s.expectations().get(1).isComparison());
        assertEquals(0.10, s.expectations().get(1).within(), 1e-12);
    }

    @Test
    void errorsNameFileLineAndColumn() throws Exception {
        Path f = write("""
                apiVersion: podnet/v1
                kind: Sweep
                scenario: s.yaml
                grid:
                  cni: [flannel-vxlan, no-such-cni]
                  seed: [1, x]
                expect:
                  - {metric: rr.p50Nanos, by: colour, atMost: 1ms}
                """);
        ScenarioException e = assertThrows(ScenarioException.class, () -> SweepLoader.load(f));
        List<String> msgs = e.errors().stream().map(Diagnostic::render).toList();
        assertTrue(msgs.stream().anyMatch(m -> m.startsWith(f + ":5:24") && m.contains("unknown CNI design 'no-such-cni'")
                && m.contains("flannel-host-gw")), msgs.toString());
        assertTrue(msgs.stream().anyMatch(m -> m.startsWith(f + ":6:13") && m.contains("a seed must be an integer")),
                msgs.toString());
        assertTrue(msgs.stream().anyMatch(m -> m.contains(":8:") && m.contains("'colour' is not a grid key")),
                msgs.toString());
    }

    @Test
    void crossProductVariesTheLastKeyFastest() throws Exception {
        SweepSpec s = SweepLoader.load(write("""
                apiVersion: podnet/v1
                kind: Sweep
                scenario: s.yaml
                grid: {cni: [flannel-vxlan, calico-bgp], seed: [1, 2, 3]}
                """));
        List<Cell> cells = Cell.grid(s.axes());
        assertEquals(6, cells.size());
        assertEquals("calico-bgp", cells.get(3).get("cni"));
        assertEquals("1", cells.get(3).get("seed"));
        assertEquals("3", cells.get(5).get("seed"));
    }
}
