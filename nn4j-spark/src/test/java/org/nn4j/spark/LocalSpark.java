package org.nn4j.spark;

import java.util.SplittableRandom;
import org.apache.spark.sql.SparkSession;
import org.nn4j.activations.Activation;
import org.nn4j.data.Dataset;
import org.nn4j.layers.Dense;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.DType;

/**
 * One Spark session for every test of the module, started on first use: {@code local[2,4]} — two worker threads,
 * and a task may fail up to 4 times before its job does, so failed tasks are retried as on a cluster.
 * Also the small data and model the tests train.
 */
final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder().master("local[2,4]").appName("nn4j-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
        }
        return session;
    }

    /**
     * Three Gaussian blobs in 6 dimensions (centres at ±1.5 on the first three axes, σ = 1): overlapping enough
     * that training keeps moving the weights for several epochs.
     */
    static Dataset blobs(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int d = 6;
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(3);
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) (rng.nextGaussian() + (j == y[i] ? 1.5 : j < 3 ? -0.75 : 0));
            }
        }
        return Dataset.classification(x, d, y, java.util.List.of());
    }

    /** 6 → 16 ReLU → 3 softmax. */
    static Sequential model(DType dtype) {
        return new Sequential(6, Loss.CATEGORICAL_CROSSENTROPY, dtype,
                java.util.List.of(new Dense(16, Activation.RELU), new Dense(3, Activation.SOFTMAX)));
    }

    /** Largest |a_i − b_i|. */
    static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
