package org.nn4j.spark;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nn4j.activations.Activation;
import org.nn4j.data.FashionMnist;
import org.nn4j.layers.Dense;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.OptimizerConfig;
import org.nn4j.tensor.DType;
import org.nn4j.training.History;
import org.nn4j.training.Trainer;
import org.nn4j.training.TrainingConfig;

/**
 * The measurements of docs/distributed.md, run by hand, not as a test: {@code nn4j-spark/bench/run
 * MllibComparison MODE ARGS}, in a local[2] session. Prints {@code RESULT key=value} lines.
 *
 * <ul>
 *   <li>{@code mllib MAX_ITER}: Spark MLlib's MultilayerPerceptronClassifier, 784-256-128-10 (sigmoid hidden
 *       layers, softmax output, L-BFGS, blocks of 128), on Fashion-MNIST: fit time and test accuracy.</li>
 *   <li>{@code nn4j EPOCHS BATCH K}: nn4j's 784-256-128-10 ReLU network with Adam(1e-3) on the same rows, synchronous
 *       (K = 0) or with K local steps between averages: fit time, per-epoch samples/s and test accuracy.</li>
 *   <li>{@code local EPOCHS BATCH}: the same network trained by the single-process Trainer, for comparison.</li>
 *   <li>{@code overhead}: a 6-16-3 network whose compute is negligible, synchronous on Spark and single-process:
 *       the time of one step, i.e. the cost of a Spark round trip.</li>
 * </ul>
 */
public final class MllibComparison {
    private MllibComparison() {
    }

    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("nn4j-bench")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        try {
            switch (args[0]) {
                case "mllib" -> mllib(spark, Integer.parseInt(args[1]));
                case "nn4j" -> nn4j(spark, Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                        Integer.parseInt(args[3]));
                case "local" -> local(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
                case "overhead" -> overhead(spark);
                default -> throw new IllegalArgumentException("unknown measurement '" + args[0] + "'");
            }
        } finally {
            spark.stop();
        }
    }

    private static org.nn4j.data.Dataset fashion(String split) {
        try {
            return FashionMnist.load(split, System.err::println);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void mllib(SparkSession spark, int maxIter) {
        Dataset<Row> train = DataFrames.of(spark, fashion("train"), 2).cache();
        Dataset<Row> test = DataFrames.of(spark, fashion("test"), 2).cache();
        System.out.println("RESULT rows=" + train.count() + "+" + test.count());
        MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier()
                .setLayers(new int[]{784, 256, 128, 10}).setMaxIter(maxIter).setBlockSize(128).setSeed(1L);
        long start = System.nanoTime();
        MultilayerPerceptronClassificationModel model = mlp.fit(train);
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
                .evaluate(model.transform(test));
        System.out.printf(Locale.ROOT, "RESULT mllib_max_iter=%d mllib_fit_s=%.1f mllib_test_acc=%.4f%n",
                maxIter, seconds, accuracy);
    }

    private static Sequential fashionModel() {
        return new Sequential(784, Loss.CATEGORICAL_CROSSENTROPY, new Dense(256, Activation.RELU),
                new Dense(128, Activation.RELU), new Dense(10, Activation.SOFTMAX));
    }

    private static TrainingConfig config(int epochs, int batch) {
        return TrainingConfig.builder().epochs(epochs).batchSize(batch)
                .optimizer(OptimizerConfig.named("adam", 1e-3)).seed(1).build();
    }

    private static void nn4j(SparkSession spark, int epochs, int batch, int every) {
        Dataset<Row> train = DataFrames.of(spark, fashion("train"), 2).cache();
        System.out.println("RESULT rows=" + train.count());
        Sequential model = fashionModel();
        long start = System.nanoTime();
        History h = SparkTrainer.fit(model, train, SparkTrainingConfig.of(config(epochs, batch)).withAverageEvery(every));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "RESULT nn4j_spark_k=%d batch=%d epochs=%d fit_s=%.1f samples_per_s=%s "
                        + "test_acc=%.4f%n", every, batch, epochs, seconds, Arrays.toString(h.metric("samples_per_s")),
                model.evaluate(fashion("test")).accuracy());
    }

    private static void local(int epochs, int batch) {
        org.nn4j.data.Dataset train = fashion("train");
        Sequential model = fashionModel();
        long start = System.nanoTime();
        History h = new Trainer(config(epochs, batch)).fit(model, train);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "RESULT nn4j_local batch=%d epochs=%d fit_s=%.1f samples_per_s=%s "
                        + "test_acc=%.4f%n", batch, epochs, seconds, Arrays.toString(h.metric("samples_per_s")),
                model.evaluate(fashion("test")).accuracy());
    }

    private static void overhead(SparkSession spark) {
        org.nn4j.data.Dataset data = LocalSpark.blobs(4096, 1);
        TrainingConfig config = config(6, 256);
        int steps = 16;
        Dataset<Row> rows = DataFrames.of(spark, data, 2).cache();
        rows.count();
        History onSpark = SparkTrainer.fit(LocalSpark.model(DType.F32), rows, SparkTrainingConfig.of(config));
        History local = new Trainer(config).fit(LocalSpark.model(DType.F32), data);
        System.out.printf(Locale.ROOT, "RESULT overhead_spark_ms_per_step=%s local_ms_per_step=%s%n",
                perStep(onSpark, steps), perStep(local, steps));
    }

    /** Milliseconds per step of each epoch after the first. */
    private static List<String> perStep(History h, int steps) {
        double[] s = h.metric("seconds");
        return Arrays.stream(s, 1, s.length).mapToObj(x -> String.format(Locale.ROOT, "%.2f", 1000 * x / steps))
                .toList();
    }
}
