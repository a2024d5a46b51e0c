package org.nn4j.examples;

import java.io.IOException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nn4j.activations.Activation;
import org.nn4j.data.FashionMnist;
import org.nn4j.layers.Dense;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.spark.DataFrames;
import org.nn4j.spark.SparkTrainer;
import org.nn4j.spark.SparkTrainingConfig;
import org.nn4j.training.History;
import org.nn4j.training.TrainingConfig;

/** Data-parallel training on Spark (compiled by the build; run it with Spark on the class path). */
public final class SparkTraining {
    private SparkTraining() {
    }

    /**
     * Runs the example on a local Spark with two cores, or reads Parquet when given its path.
     *
     * @param args optionally, a Parquet file with a vector or array column "features" and a column "label"
     * @throws IOException if Fashion-MNIST cannot be read
     */
    public static void main(String[] args) throws IOException {
        Sequential model = new Sequential(784, Loss.CATEGORICAL_CROSSENTROPY,
                new Dense(256, Activation.RELU), new Dense(10, Activation.SOFTMAX));
        TrainingConfig trainingConfig = TrainingConfig.builder().epochs(10).batchSize(256).seed(1).build();
        // tag::spark[]
        SparkSession spark = SparkSession.builder().master("local[2]").getOrCreate();
        Dataset<Row> rows = args.length > 0 ? spark.read().parquet(args[0])   // a vector or array column, a label
                : DataFrames.of(spark, FashionMnist.load("train", System.out::println), 2);   // or data in memory
        History h = SparkTrainer.fit(model, rows, SparkTrainingConfig.of(trainingConfig)
                .withAverageEvery(0)                                  // 0: synchronous (default); k: local steps
                .withColumns("features", "label"));
        // end::spark[]
        System.out.println(h);
        spark.stop();
    }
}
