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

    /** What the sweep produced: the rows in cell order, their schema, the summary per group. */
    public record Result(List<CellResult> cells, List<String> columns, List<SummaryRow> summary, long wallNanos) {}

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
            return new Result(results, cols, summary, System.nanoTime() - t0);
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
            if (!n.equals("error") && !n.equals("podnetVersion") && !n.equals("wallNanos")) {
                fields.add(DataTypes.createStructField(n, types.getOrDefault(n, DataTypes.StringType), true));
            }
        }
        fields.add(DataTypes.createStructField("wallNanos", DataTypes.LongType, true));
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
        return out;
    }

    private static List<SummaryRow> summary(SparkSession spark, StructType schema, List<String> groupKeys, Path out) {
        List<String> metrics = summaryMetrics(schema);
        String groupCols = String.join(", ", groupKeys.stream().map(SparkSweep::q).toList());
        List<String> parts = new ArrayList<>();
        for (String m : metrics) {
            String c = "CAST(" + q(m) + " AS DOUBLE)";
            parts.add("SELECT " + (groupKeys.isEmpty() ? "" : groupCols + ", ") + "'" + m.replace("'", "''")
                    + "' AS metric, count(" + c + ") AS count, avg(" + c + ") AS mean, percentile_approx(" + c
                    + ", 0.5) AS p50, percentile_approx(" + c + ", 0.9) AS p90, percentile_approx(" + c
                    + ", 0.99) AS p99, min(" + c + ") AS min, max(" + c + ") AS max FROM cells"
                    + (groupKeys.isEmpty() ? "" : " GROUP BY " + groupCols));
        }
        Dataset<Row> s = spark.sql(String.join(" UNION ALL ", parts)).coalesce(1);
        s.write().mode(SaveMode.Overwrite).option("header", true).csv(out.resolve("summary.csv").toString());
        List<SummaryRow> rows = new ArrayList<>();
        for (Row r : s.collectAsList()) {
            List<String> group = new ArrayList<>();
            for (int i = 0; i < groupKeys.size(); i++) {
                group.add(r.isNullAt(i) ? "" : String.valueOf(r.get(i)));
            }
            int k = groupKeys.size();
            rows.add(new SummaryRow(group, r.getString(k), r.getLong(k + 1), d(r, k + 2), d(r, k + 3), d(r, k + 4),
                    d(r, k + 5), d(r, k + 6), d(r, k + 7)));
        }
        Comparator<SummaryRow> byMetric = Comparator.comparingInt(x -> metrics.indexOf(x.metric()));
        rows.sort(byMetric.thenComparing(x -> String.join("\u0000", x.group())));
        return rows;
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
