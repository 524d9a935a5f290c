package io.podnet.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Service;
import io.podnet.scenarios.model.Resource;
import io.podnet.scenarios.model.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code services} grid key and the per-node CPU columns, cell by cell (no Spark). */
class CellRunnerTest {
    @TempDir
    Path dir;

    @Test
    void servicesKeyAddsServicesAndRowsCarryPerNodeCpu() throws Exception {
        Path scenario = Path.of("../scenarios/examples/frontend-to-backend.yaml").toAbsolutePath().normalize();
        Path sweep = dir.resolve("sweep.yaml");
        Files.writeString(sweep, "apiVersion: podnet/v1\nkind: Sweep\nmetadata: {name: svc}\nscenario: " + scenario
                + "\ngrid:\n  services: [0, 300]\n");
        SweepSpec spec = SweepLoader.load(sweep);
        List<Cell> cells = Cell.grid(spec.axes());
        CellRunner runner = new CellRunner(Files.readString(scenario), scenario.toString(), scenario.getParent().toString());
        long own = services(runner.scenario(cells.get(0)));
        Scenario more = runner.scenario(cells.get(1));
        assertEquals(own + 300, services(more));
        // each added Service selects one of the scenario's labelled workloads, in its namespace
        Resource first = more.resources().stream().filter(r -> r.name().equals("sweep-svc-00000")).findFirst().orElseThrow();
        Service svc = (Service) first.object();
        assertTrue(!svc.getSpec().getSelector().isEmpty(), "selects a workload");
        for (Cell c : cells) {
            CellResult r = runner.run(c);
            assertNull(r.error(), r.error());
            assertEquals(Long.valueOf(c.get("services")), r.columns().get("services"));
            for (String node : List.of("node1", "node2")) {
                long busy = (Long) r.columns().get("cpu." + node + ".busyNanos");
                double u = (Double) r.columns().get("cpu." + node + ".utilisation");
                assertTrue(busy > 0, node + " busy");
                assertTrue(u > 0 && u <= 1, node + " utilisation " + u);
                assertTrue(r.columns().containsKey("cpu." + node + ".waitNanos"));
            }
        }
    }

    /**
     * A cell streams its run instead of recording the trace (nothing in a row reads the trace): its
     * columns are those of the same run recorded, and it reports its own thread CPU time and allocation.
     */
    @Test
    void cellStreamsItsRunAndRowsMatchARecordedRun() throws Exception {
        Path scenario = Path.of("../scenarios/examples/node-failure.yaml").toAbsolutePath().normalize();
        Path sweep = dir.resolve("sweep.yaml");
        Files.writeString(sweep, "apiVersion: podnet/v1\nkind: Sweep\nmetadata: {name: rec}\nscenario: " + scenario
                + "\ngrid:\n  cni: [calico-bgp]\n  seed: [3]\n");
        Cell cell = Cell.grid(SweepLoader.load(sweep).axes()).get(0);
        CellRunner runner = new CellRunner(Files.readString(scenario), scenario.toString(), scenario.getParent().toString());
        CellResult row = runner.run(cell);
        assertNull(row.error(), row.error());
        Scenario s = runner.scenario(cell);
        io.podnet.scenarios.run.RunResult recorded = io.podnet.scenarios.run.ScenarioRunner.run(s);
        assertTrue(recorded.recorded());
        java.util.LinkedHashMap<String, Object> expected = new java.util.LinkedHashMap<>();
        CellRunner.metrics(s, recorded, expected);
        assertTrue(expected.size() > 10, "per item, per flow and per node columns: " + expected.keySet());
        expected.forEach((k, v) -> assertEquals(v, row.columns().get(k), k));
        assertEquals((long) io.podnet.scenarios.Podnet.check(recorded).size(), row.columns().get("expectationsFailed"));
        long wall = (Long) row.columns().get("wallNanos");
        long cpu = (Long) row.columns().get("cpuNanos");
        assertTrue(cpu > 0 && wall > 0, "thread CPU " + cpu + ", wall " + wall);
        assertTrue((Long) row.columns().get("allocatedBytes") > 0);
    }

    @Test
    void servicesMustBeACount() throws Exception {
        Path scenario = Path.of("../scenarios/examples/frontend-to-backend.yaml").toAbsolutePath().normalize();
        Path sweep = dir.resolve("bad.yaml");
        Files.writeString(sweep, "apiVersion: podnet/v1\nkind: Sweep\nmetadata: {name: svc}\nscenario: " + scenario
                + "\ngrid:\n  services: [10, -1, many]\n");
        io.podnet.scenarios.source.ScenarioException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.podnet.scenarios.source.ScenarioException.class, () -> SweepLoader.load(sweep));
        String m = e.getMessage();
        assertTrue(m.contains("bad.yaml:6:") && m.contains("services must be a count of Services to add from 0 to 50000"), m);
    }

    private static long services(Scenario s) {
        return s.resources().stream().filter(r -> r.kind().equals("Service")).count();
    }
}
