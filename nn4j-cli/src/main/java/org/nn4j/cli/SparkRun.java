package org.nn4j.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nn4j.data.Dataset;
import org.nn4j.models.Sequential;
import org.nn4j.spark.DataFrames;
import org.nn4j.spark.SparkTrainer;
import org.nn4j.spark.SparkTrainingConfig;
import org.nn4j.training.History;
import org.nn4j.training.TrainingConfig;
import org.nn4j.training.TrainingListener;
import org.nn4j.training.TrainingState;

/**
 * {@code nn train --spark MASTER}: starts a Spark application, hands it the loaded data as rows, trains (or resumes)
 * with {@link SparkTrainer} and stops the application. Outside local mode the executors receive nn.jar itself.
 */
final class SparkRun {
    private SparkRun() {
    }

    static History fit(SparkOptions options, Sequential model, Dataset train, Dataset validation,
                       TrainingConfig config, List<TrainingListener> listeners, TrainingState resumeFrom) {
        SparkSession.Builder builder = SparkSession.builder().master(options.master).appName("nn4j train");
        settings(options).forEach(builder::config);
        Path jar = ownJar();
        if (jar != null) {
            builder.config("spark.jars", jar.toString());
        }
        SparkSession spark = builder.getOrCreate();
        try {
            int partitions = options.partitions != null ? options.partitions
                    : spark.sparkContext().defaultParallelism();
            System.out.printf(Locale.ROOT, "Spark %s at %s: %d partitions, mini-batches of %d, %s%n", spark.version(),
                    options.master, partitions, config.batchSize(),
                    options.averageEvery == 0 ? "gradients averaged every mini-batch"
                            : "parameters averaged every " + options.averageEvery + " local steps");
            org.apache.spark.sql.Dataset<Row> rows = DataFrames.of(spark, train, partitions);
            org.apache.spark.sql.Dataset<Row> held = validation == null ? null
                    : DataFrames.of(spark, validation, partitions);
            SparkTrainer trainer = new SparkTrainer(SparkTrainingConfig.of(config)
                    .withAverageEvery(options.averageEvery)).quiet();  // the progress bar reports instead
            listeners.forEach(trainer::addListener);
            return resumeFrom == null ? trainer.fit(model, rows, held) : trainer.resume(model, rows, held, resumeFrom);
        } finally {
            spark.stop();
        }
    }

    /**
     * Spark settings from the flags: the web UI only with --spark-ui, whatever the master (a cluster driver's UI
     * would listen on all interfaces); a local master, or a cluster master on this machine's loopback interface, with
     * the driver on the loopback interface too (executors on this machine reach it there, whatever the host name says).
     */
    static Map<String, String> settings(SparkOptions options) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.ui.enabled", Boolean.toString(options.ui));
        if (options.master.startsWith("local") || onLoopback(options.master)) {
            settings.put("spark.driver.host", "127.0.0.1");
            settings.put("spark.driver.bindAddress", "127.0.0.1");
        }
        return settings;
    }

    /** True for a cluster master on this machine's loopback interface (spark://127.0.0.1:7077, spark://localhost:…). */
    private static boolean onLoopback(String master) {
        return master.startsWith("spark://127.0.0.1:") || master.startsWith("spark://localhost:");
    }

    /** The jar holding nn4j's classes, for the executors; null when running from class directories. */
    private static Path ownJar() {
        try {
            Path p = Path.of(SparkTrainer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return p.toString().endsWith(".jar") ? p : null;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate nn4j's jar: " + e.getMessage(), e);
        }
    }
}
