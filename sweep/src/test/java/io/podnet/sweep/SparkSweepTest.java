package io.podnet.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny sweep on local Spark: 1 design x 2 kube-proxy modes (one of them bad) of a small example, written and read back. */
class SparkSweepTest {
    @TempDir
    Path dir;

    @Test
    void runsCellsAndWritesParquetCsvSummaryAndHtml() throws Exception {
        Path scenario = Path.of("../scenarios/examples/frontend-to-backend.yaml").toAbsolutePath().normalize();
        Path sweep = dir.resolve("sweep.yaml");
        Files.writeString(sweep, "apiVersion: podnet/v1\nkind: Sweep\nmetadata: {name: tiny}\nscenario: " + scenario
                + "\ngrid:\n  cni: [flannel-vxlan]\n  seed: [1]\n  cluster.kubeProxy.mode: [iptables, nosuchmode]\n");
        SweepSpec spec = SweepLoader.load(sweep);
        List<Cell> cells = Cell.grid(spec.axes());
        CellRunner runner = new CellRunner(Files.readString(scenario), scenario.toString(), scenario.getParent().toString());
        AtomicInteger done = new AtomicInteger();
        Path out = dir.resolve("out");
        SparkSweep.Result r = SparkSweep.run(spec, runner, cells, new SparkSweep.Options(null, 2, false, out),
                done::addAndGet);
        assertEquals(2, r.cells().size());
        for (CellResult c : r.cells()) {
            if ("iptables".equals(c.columns().get("cluster.kubeProxy.mode"))) {
                assertNull(c.error(), c.error());
                assertEquals(c.columns().get("cni"), c.columns().get("design"));
            } else {
                // A bad override is a row with the loader's diagnostic, not a failed sweep.
                assertNotNull(c.error());
                assertTrue(c.error().contains("nosuchmode"), c.error());
            }
        }
        assertTrue(done.get() <= 2, "progress counts cell tasks only: " + done.get());
        assertTrue(r.summary().stream().anyMatch(s -> s.metric().equals("wallNanos") && s.count() == 1));
        SparkSweep.Result again = r;
        SweepReport.writeHtml(out.resolve("sweep.html"), spec, again, List.of());
        String html = Files.readString(out.resolve("sweep.html"));
        assertTrue(html.contains("<svg"), "charts are inline SVG");
        try (Stream<Path> s = Files.list(out.resolve("cells.csv"))) {
            assertEquals(1, s.filter(p -> p.toString().endsWith(".csv")).count());
        }
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", false).getOrCreate();
        try {
            List<Row> rows = spark.read().parquet(out.resolve("cells.parquet").toString()).orderBy("cell").collectAsList();
            assertEquals(2, rows.size());
            assertEquals("flannel-vxlan", rows.get(0).getAs("cni"));
            assertEquals(1L, (long) rows.get(0).<Long>getAs("seed"));
            long fromCsv = spark.read().option("header", true).csv(out.resolve("cells.csv").toString()).count();
            assertEquals(2, fromCsv);
        } finally {
            spark.stop();
        }
    }
}
