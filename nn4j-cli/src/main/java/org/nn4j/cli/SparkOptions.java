package org.nn4j.cli;

import java.util.List;
import org.nn4j.config.RunConfig;
import org.nn4j.data.Dataset;
import org.nn4j.models.Sequential;
import org.nn4j.training.History;
import org.nn4j.training.TrainingConfig;
import org.nn4j.training.TrainingListener;
import org.nn4j.training.TrainingState;
import picocli.CommandLine.Option;

/**
 * The flags of {@code nn train --spark}: where Spark runs and how partitions combine their work. Spark's classes
 * are touched only through {@link SparkRun}, and only when {@code --spark} is given, so the other commands start
 * without them.
 */
final class SparkOptions {
    /**
     * The mini-batch size of {@code nn train --spark} when {@code --batch-size} is not given. A synchronous step is
     * one Spark job, whose round trip (about 50 ms in local mode) dwarfs the arithmetic of 32 samples; 256 pays for
     * it eight times better and, for Fashion-MNIST, generalises at least as well within 10 epochs.
     */
    static final int DEFAULT_BATCH_SIZE = 256;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "train data-parallel on Apache Spark at this master URL: local[2], spark://host:7077, yarn…")
    String master;

    @Option(names = "--average-every", defaultValue = "0", paramLabel = "K",
            description = "with --spark: 0 averages gradients every mini-batch, as single-process training would "
                    + "(default); K >= 1 takes K local steps per partition between parameter averages")
    int averageEvery;

    @Option(names = "--spark-ui", description = "with --spark: start Spark's web UI on the driver (off by default, "
            + "since it listens on every interface of a cluster's driver)")
    boolean ui;

    @Option(names = "--partitions", paramLabel = "N",
            description = "with --spark: partitions of the training data (default: Spark's default parallelism)")
    Integer partitions;

    /** These flags as the run configuration's Spark settings, or null without {@code --spark}. */
    RunConfig.Spark config() {
        return enabled() ? new RunConfig.Spark(master, averageEvery, partitions, ui) : null;
    }

    /** The flags that give {@code config} (null: no Spark). */
    static SparkOptions of(RunConfig.Spark config) {
        SparkOptions s = new SparkOptions();
        if (config != null) {
            s.master = config.master();
            s.averageEvery = config.averageEvery();
            s.partitions = config.partitions();
            s.ui = config.ui();
        }
        return s;
    }

    boolean enabled() {
        return master != null;
    }

    /** Refuses Spark flags without {@code --spark}. */
    void check() {
        if (!enabled() && (averageEvery != 0 || partitions != null)) {
            throw new IllegalArgumentException("--average-every and --partitions need --spark MASTER");
        }
        if (partitions != null && partitions <= 0) {
            throw new IllegalArgumentException("--partitions must be positive, got " + partitions);
        }
    }

    /**
     * Trains on Spark, or continues the run from {@code resumeFrom} (may be null); the data sets are the already
     * loaded and scaled ones.
     */
    History fit(Sequential model, Dataset train, Dataset validation, TrainingConfig config,
                List<TrainingListener> listeners, TrainingState resumeFrom) {
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, SparkOptions.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("--spark needs Apache Spark on the class path: run nn through the ./nn "
                    + "launcher, which adds it, or put Spark's jars beside nn.jar with java -cp", e);
        }
        requireReachable(master, CONNECT_TIMEOUT_MS);
        return SparkRun.fit(this, model, train, validation, config, listeners, resumeFrom);
    }

    /** How long the driver waits for a standalone master to accept a connection before giving up. */
    static final int CONNECT_TIMEOUT_MS = 10_000;

    /**
     * Fails at once, naming the master and the cause, when none of the hosts of a standalone master URL
     * ({@code spark://host:port[,host:port…]}) accepts a connection: Spark itself would retry its registration for a
     * minute and then leave the job waiting for executors forever. Other masters (local, yarn, k8s) are not probed.
     */
    static void requireReachable(String master, int timeoutMs) {
        if (!master.startsWith("spark://")) {
            return;
        }
        StringBuilder causes = new StringBuilder();
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            int port;
            try {
                port = colon < 0 ? 7077 : Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new UsageException("--spark " + master + ": '" + hostPort + "' is not host:port");
            }
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(host, port), timeoutMs);
                return;
            } catch (java.net.SocketTimeoutException e) {
                causes.append(causes.length() == 0 ? "" : "; ").append(hostPort).append(": no answer within ")
                        .append(timeoutMs / 1000).append(" s");
            } catch (java.io.IOException e) {
                causes.append(causes.length() == 0 ? "" : "; ").append(hostPort).append(": ").append(e.getMessage());
            }
        }
        throw new IllegalStateException("the Spark master " + master + " cannot be reached (" + causes + "); is it "
                + "running, and is the URL right?");
    }
}
