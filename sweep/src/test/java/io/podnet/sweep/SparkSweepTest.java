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
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
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

    /**
     * The summary against figures worked by hand: count, mean, min, max, and Spark's documented
     * percentile_approx (the smallest value such that at least the given fraction of the values is at
     * most it; exact for so few values): p50 of 10, 20, 30, 40 is 20, p90 and p99 are 40. A null is not
     * counted. One row per group and metric, metrics in column order, groups in order, in the result and
     * in summary.csv.
     */
    @Test
    void summaryIsOneRowPerGroupAndMetric() throws Exception {
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("cell", DataTypes.LongType, true),
                DataTypes.createStructField("cni", DataTypes.StringType, true),
                DataTypes.createStructField("seed", DataTypes.LongType, true),
                DataTypes.createStructField("t.p50Nanos", DataTypes.LongType, true),
                DataTypes.createStructField("t.goodputBps", DataTypes.DoubleType, true),
                DataTypes.createStructField("t#0.latencyNanos", DataTypes.LongType, true),
                DataTypes.createStructField("wallNanos", DataTypes.LongType, true),
                DataTypes.createStructField("cpuNanos", DataTypes.LongType, true),
                DataTypes.createStructField("allocatedBytes", DataTypes.LongType, true)));
        List<Row> rows = List.of(
                RowFactory.create(0L, "b", 1L, 5L, null, 1L, 7L, 3L, 100L),
                RowFactory.create(1L, "b", 2L, null, 2.5, 1L, 9L, 3L, 100L),
                RowFactory.create(2L, "a", 1L, 10L, 1.0, 1L, 1L, 1L, 100L),
                RowFactory.create(3L, "a", 2L, 20L, 2.0, 1L, 1L, 1L, 100L),
                RowFactory.create(4L, "a", 3L, 30L, 3.0, 1L, 1L, 1L, 100L),
                RowFactory.create(5L, "a", 4L, 40L, 4.0, 1L, 1L, 1L, 100L));
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", false).getOrCreate();
        try {
            spark.createDataFrame(rows, schema).createOrReplaceTempView("cells");
            List<SparkSweep.SummaryRow> s = SparkSweep.summary(spark, schema, List.of("cni"), dir);
            assertEquals(List.of("t.p50Nanos/a", "t.p50Nanos/b", "t.goodputBps/a", "t.goodputBps/b", "wallNanos/a",
                    "wallNanos/b", "cpuNanos/a", "cpuNanos/b", "allocatedBytes/a", "allocatedBytes/b"),
                    s.stream().map(r -> r.metric() + "/" + String.join(",", r.group())).toList());
            assertEquals(new SparkSweep.SummaryRow(List.of("a"), "t.p50Nanos", 4, 25.0, 20.0, 40.0, 40.0, 10.0, 40.0),
                    s.get(0));
            assertEquals(new SparkSweep.SummaryRow(List.of("b"), "t.p50Nanos", 1, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0),
                    s.get(1));
            assertEquals(new SparkSweep.SummaryRow(List.of("b"), "wallNanos", 2, 8.0, 7.0, 9.0, 9.0, 7.0, 9.0),
                    s.get(5));
            List<String> csv;
            try (Stream<Path> files = Files.list(dir.resolve("summary.csv"))) {
                Path part = files.filter(p -> p.toString().endsWith(".csv")).findFirst().orElseThrow();
                csv = Files.readAllLines(part);
            }
            assertEquals("cni,metric,count,mean,p50,p90,p99,min,max", csv.get(0));
            assertEquals("a,t.p50Nanos,4,25.0,20.0,40.0,40.0,10.0,40.0", csv.get(1));
            assertEquals(11, csv.size());
        } finally {
            spark.stop();
        }
    }
}
