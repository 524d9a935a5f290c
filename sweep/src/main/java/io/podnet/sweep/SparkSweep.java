package io.podnet.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Runs a sweep's cells as Spark tasks (one task per cell) and writes the rows with Spark: Parquet
 * ({@code cells.parquet/}), CSV with a header ({@code cells.csv/}) and the per-group summary
 * ({@code summary.csv/}), each a Spark output directory with one part file.
 */
public final class SparkSweep {
    /** How to run. {@code master} null: {@code local[parallelism]}. */
    public record Options(String master, int parallelism, boolean verbose, Path out) {}

    /**
     * What the sweep produced: the rows in cell order, their schema, the summary per group; the wall time
     * of the whole Spark part and of its three phases: starting Spark, the cells' job (the tasks and
     * collecting their rows on the driver), and the tables (Parquet, CSV, the summary queries).
     */
    public record Result(List<CellResult> cells, List<String> columns, List<SummaryRow> summary, long wallNanos,
                         long startNanos, long cellsNanos, long tablesNanos) {}

    /** One group's statistics of one metric. */
    public record SummaryRow(List<String> group, String metric, long count, Double mean, Double p50, Double p90,
                             Double p99, Double min, Double max) {}

    private static final String CELLS_GROUP = "podnet-sweep-cells";

    private SparkSweep() {}

    /** Runs {@code cells} and writes the tables under {@code opts.out()}; {@code progress} gets each finished task. */
    public static Result run(SweepSpec spec, CellRunner runner, List<Cell> cells, Options opts, IntConsumer progress)
            throws IOException {
        SparkLogging.configure(opts.verbose());
        String master = opts.master() == null ? "local[" + opts.parallelism() + "]" : opts.master();
        SparkSession.Builder b = SparkSession.builder().appName("podnet sweep " + spec.name()).master(master)
                .config("spark.ui.enabled", opts.master() != null && !opts.master().startsWith("local"))
                .config("spark.ui.showConsoleProgress", false)
                .config("spark.sql.shuffle.partitions", Math.max(1, opts.parallelism()))
                .config("spark.task.maxFailures", master.startsWith("local[") ? 1 : 4);
        if (!master.startsWith("local[") && !master.equals("local")) {
            ExecutorJars.configure(b, master);
        }
        long t0 = System.nanoTime();
        SparkSession spark = b.getOrCreate();
        long t1 = System.nanoTime();
        try {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            Set<Integer> cellStages = java.util.concurrent.ConcurrentHashMap.newKeySet();
            spark.sparkContext().addSparkListener(new SparkListener() {
                @Override
                public void onJobStart(SparkListenerJobStart start) {
                    if (start.properties() != null && CELLS_GROUP.equals(start.properties().getProperty("spark.jobGroup.id"))) {
                        scala.jdk.javaapi.CollectionConverters.asJava(start.stageIds())
                                .forEach(id -> cellStages.add((Integer) id));
                    }
                }

                @Override
                public void onTaskEnd(SparkListenerTaskEnd end) {
                    if (cellStages.contains(end.stageId()) && end.taskInfo().successful()) {
                        progress.accept(1);
                    }
                }
            });
            jsc.setJobGroup(CELLS_GROUP, "podnet sweep cells", false);
            Function<Cell, CellResult> fn = runner::run;
            List<CellResult> results = new ArrayList<>(jsc.parallelize(cells, Math.max(1, cells.size())).map(fn).collect());
            jsc.clearJobGroup();
            long t2 = System.nanoTime();
            results.sort(Comparator.comparingInt(CellResult::index));
            StructType schema = schema(results);
            List<Row> rows = new ArrayList<>();
            for (CellResult r : results) {
                Object[] vals = new Object[schema.fields().length];
                for (int i = 0; i < vals.length; i++) {
                    StructField f = schema.fields()[i];
                    Object v = r.columns().get(f.name());
                    if (v != null && f.dataType() == DataTypes.DoubleType && !(v instanceof Double)) {
                        v = ((Number) v).doubleValue();
                    } else if (v != null && f.dataType() == DataTypes.StringType && !(v instanceof String)) {
                        v = String.valueOf(v);
                    }
                    vals[i] = v;
                }
                rows.add(RowFactory.create(vals));
            }
            Dataset<Row> df = spark.createDataFrame(rows, schema).coalesce(1);
            Files.createDirectories(opts.out());
            df.write().mode(SaveMode.Overwrite).parquet(opts.out().resolve("cells.parquet").toString());
            df.write().mode(SaveMode.Overwrite).option("header", true).csv(opts.out().resolve("cells.csv").toString());
            df.createOrReplaceTempView("cells");
            List<String> groupKeys = spec.axes().stream().map(SweepSpec.Axis::key)
                    .filter(k -> !k.equals("seed")).toList();
            List<SummaryRow> summary = summary(spark, schema, groupKeys, opts.out());
            List<String> cols = List.of(schema.fieldNames());
            long t3 = System.nanoTime();
            return new Result(results, cols, summary, t3 - t0, t1 - t0, t2 - t1, t3 - t2);
        } finally {
            spark.stop();
        }
    }

    /** The columns in first-seen order; a column is a long, a double (when any value is one) or a string. */
    static StructType schema(List<CellResult> results) {
        Set<String> names = new LinkedHashSet<>();
        Map<String, DataType> types = new LinkedHashMap<>();
        for (CellResult r : results) {
            for (Map.Entry<String, Object> e : r.columns().entrySet()) {
                names.add(e.getKey());
                Object v = e.getValue();
                if (v == null) {
                    continue;
                }
                DataType t = v instanceof Long ? DataTypes.LongType : v instanceof Double ? DataTypes.DoubleType
                        : DataTypes.StringType;
                DataType was = types.get(e.getKey());
                if (was == null || was == t) {
                    types.put(e.getKey(), t);
                } else if (was != DataTypes.StringType && t != DataTypes.StringType) {
                    types.put(e.getKey(), DataTypes.DoubleType);
                } else {
                    types.put(e.getKey(), DataTypes.StringType);
                }
            }
        }
        // The error column last but one... keep: cell, grid keys, the rest as produced; error at the end.
        List<StructField> fields = new ArrayList<>();
        for (String n : names) {
            if (!n.equals("error") && !n.equals("podnetVersion") && !n.equals("wallNanos")
                    && !n.equals("cpuNanos") && !n.equals("allocatedBytes")) {
                fields.add(DataTypes.createStructField(n, types.getOrDefault(n, DataTypes.StringType), true));
            }
        }
        fields.add(DataTypes.createStructField("wallNanos", DataTypes.LongType, true));
        fields.add(DataTypes.createStructField("cpuNanos", DataTypes.LongType, true));
        fields.add(DataTypes.createStructField("allocatedBytes", DataTypes.LongType, true));
        fields.add(DataTypes.createStructField("podnetVersion", DataTypes.StringType, true));
        fields.add(DataTypes.createStructField("error", DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }

    /** The metrics summarised: each traffic item's aggregates and the wall time (not the per-flow columns). */
    static List<String> summaryMetrics(StructType schema) {
        List<String> out = new ArrayList<>();
        for (StructField f : schema.fields()) {
            String n = f.name();
            boolean numeric = f.dataType() == DataTypes.LongType || f.dataType() == DataTypes.DoubleType;
            if (numeric && n.contains(".") && !n.endsWith(".latencyNanos") && !n.contains("#")) {
                out.add(n);
            }
        }
        out.add("wallNanos");
        out.add("cpuNanos");
        out.add("allocatedBytes");
        return out;
    }

    /**
     * The summary per group and metric in one aggregation: the metric columns are unpivoted ({@code stack})
     * into (metric, value) rows and grouped by the group keys and the metric, with one
     * {@code percentile_approx} sketch per group giving p50, p90 and p99. Run once and collected; the
     * CSV is written from the collected rows, in the order of the result (metric, then group).
     */
    static List<SummaryRow> summary(SparkSession spark, StructType schema, List<String> groupKeys, Path out) {
        List<String> metrics = summaryMetrics(schema);
        String groupCols = String.join(", ", groupKeys.stream().map(SparkSweep::q).toList());
        String g = groupKeys.isEmpty() ? "" : groupCols + ", ";
        StringBuilder stack = new StringBuilder("stack(").append(metrics.size());
        for (int i = 0; i < metrics.size(); i++) {
            stack.append(", ").append(i).append(", CAST(").append(q(metrics.get(i))).append(" AS DOUBLE)");
        }
        stack.append(") AS (metric, value)");
        String sql = "SELECT " + g + "metric, count(value) AS count, avg(value) AS mean,"
                + " percentile_approx(value, array(0.5, 0.9, 0.99)) AS p, min(value) AS min, max(value) AS max"
                + " FROM (SELECT " + g + stack + " FROM cells) GROUP BY " + g + "metric";
        int k = groupKeys.size();
        record Agg(SummaryRow row, Object[] groupValues) {}
        List<Agg> aggs = new ArrayList<>();
        for (Row r : spark.sql(sql).collectAsList()) {
            List<String> group = new ArrayList<>();
            Object[] raw = new Object[k];
            for (int i = 0; i < k; i++) {
                raw[i] = r.isNullAt(i) ? null : r.get(i);
                group.add(raw[i] == null ? "" : String.valueOf(raw[i]));
            }
            List<Object> p = r.isNullAt(k + 3) ? null : r.getList(k + 3);
            aggs.add(new Agg(new SummaryRow(group, metrics.get(r.getInt(k)), r.getLong(k + 1), d(r, k + 2),
                    p == null ? null : num(p.get(0)), p == null ? null : num(p.get(1)), p == null ? null : num(p.get(2)),
                    d(r, k + 4), d(r, k + 5)), raw));
        }
        Comparator<SummaryRow> byMetric = Comparator.comparingInt(x -> metrics.indexOf(x.metric()));
        Comparator<SummaryRow> order = byMetric.thenComparing(x -> String.join("\u0000", x.group()));
        aggs.sort(Comparator.comparing(Agg::row, order));
        // summary.csv: the group keys (typed as in the cells), metric, count, mean, p50, p90, p99, min, max.
        List<StructField> fields = new ArrayList<>();
        for (String key : groupKeys) {
            fields.add(schema.fields()[schema.fieldIndex(key)]);
        }
        fields.add(DataTypes.createStructField("metric", DataTypes.StringType, false));
        fields.add(DataTypes.createStructField("count", DataTypes.LongType, false));
        for (String n : List.of("mean", "p50", "p90", "p99", "min", "max")) {
            fields.add(DataTypes.createStructField(n, DataTypes.DoubleType, true));
        }
        List<Row> csv = new ArrayList<>();
        List<SummaryRow> rows = new ArrayList<>();
        for (Agg a : aggs) {
            SummaryRow s = a.row();
            rows.add(s);
            Object[] v = java.util.Arrays.copyOf(a.groupValues(), k + 8);
            v[k] = s.metric();
            v[k + 1] = s.count();
            v[k + 2] = s.mean();
            v[k + 3] = s.p50();
            v[k + 4] = s.p90();
            v[k + 5] = s.p99();
            v[k + 6] = s.min();
            v[k + 7] = s.max();
            csv.add(RowFactory.create(v));
        }
        spark.createDataFrame(csv, DataTypes.createStructType(fields)).coalesce(1).write().mode(SaveMode.Overwrite)
                .option("header", true).csv(out.resolve("summary.csv").toString());
        return rows;
    }

    private static Double num(Object o) {
        return o == null ? null : ((Number) o).doubleValue();
    }

    private static Double d(Row r, int i) {
        return r.isNullAt(i) ? null : ((Number) r.get(i)).doubleValue();
    }

    /** A column name quoted for Spark SQL. */
    static String q(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
