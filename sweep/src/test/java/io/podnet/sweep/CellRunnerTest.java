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
