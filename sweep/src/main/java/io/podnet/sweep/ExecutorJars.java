package io.podnet.sweep;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * What executors in other JVMs need. {@code spark.jars} ships podnet's own jars and the libraries
 * they use that a Spark distribution does not have (picocli, the Kubernetes model, JGraphT, commons-math3,
 * JFreeChart...): every jar on the driver's class path whose name is not one of Spark's, Scala's or
 * Hadoop's. For {@code local-cluster[...]} (executor JVMs started by an in-process worker) a Spark home
 * is laid out in a temporary directory whose {@code jars/} links to the driver's Spark jars, as a Spark
 * distribution's would be.
 */
final class ExecutorJars {
    private ExecutorJars() {}

    static void configure(SparkSession.Builder b, String master) {
        List<String> all = classPath();
        List<String> shipped = new ArrayList<>();
        List<String> spark = new ArrayList<>();
        for (String e : all) {
            if (!e.endsWith(".jar")) {
                continue;
            }
            String n = Path.of(e).getFileName().toString();
            if (n.startsWith("spark-") || n.startsWith("scala-") || n.startsWith("hadoop-")) {
                spark.add(e);
            } else {
                shipped.add(e);
                spark.add(e);
            }
        }
        b.config("spark.jars", String.join(",", shipped.stream().map(p -> new File(p).toURI().toString()).toList()));
        if (master.startsWith("local-cluster")) {
            // The in-process worker of local-cluster takes its Spark home from spark.test.home in Spark's
            // test mode (else from SPARK_HOME or the working directory).
            String home = sparkHome(spark).toString();
            b.config("spark.home", home);
            System.setProperty("spark.test.home", home);
            System.setProperty("spark.testing", "1");
        }
    }

    private static List<String> classPath() {
        List<String> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * A directory shaped like a Spark distribution (RELEASE, jars/, and launcher/target/scala-2.13 for the
     * Scala version) whose jars link to {@code jars}.
     */
    private static Path sparkHome(List<String> jars) {
        try {
            Path home = Files.createTempDirectory("podnet-sweep-spark-home");
            Files.writeString(home.resolve("RELEASE"), "podnet sweep: Spark jars from the driver's class path\n");
            // Spark's command builder takes the Scala version from this directory's name (as in a source tree).
            Files.createDirectories(home.resolve("launcher/target/scala-2.13"));
            Path dir = Files.createDirectory(home.resolve("jars"));
            for (String j : jars) {
                Path src = Path.of(j).toAbsolutePath();
                Path link = dir.resolve(src.getFileName());
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, src);
                }
            }
            // deleteOnExit cannot remove a directory that holds files: remove the tree (links, not what
            // they point to) when the JVM ends, so a sweep leaves nothing in the temporary directory
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(home), "podnet-sweep-spark-home"));
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out a Spark home for local-cluster executors", e);
        }
    }

    /** Removes {@code dir} and everything below it; symbolic links are removed, never followed. */
    static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // best effort at exit: what is left is named podnet-sweep-spark-home*
        }
    }
}
