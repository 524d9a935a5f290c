package io.podnet.sweep;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Spark logs through log4j2; its console output is kept to errors (warnings from podnet's own use of
 * Spark are noise to a sweep's reader) unless {@code --verbose} asks for Spark's INFO log.
 */
final class SparkLogging {
    private SparkLogging() {}

    static void configure(boolean verbose) {
        Configurator.setRootLevel(verbose ? Level.INFO : Level.ERROR);
        if (!verbose) {
            Configurator.setLevel("org.apache.spark", Level.ERROR);
            Configurator.setLevel("org.apache.hadoop", Level.ERROR);
            Configurator.setLevel("org.sparkproject", Level.ERROR);
            Configurator.setLevel("org.apache.parquet", Level.ERROR);
        }
    }
}
