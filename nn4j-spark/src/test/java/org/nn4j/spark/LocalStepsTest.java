package org.nn4j.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.nn4j.data.Dataset;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.OptimizerConfig;
import org.nn4j.optimizers.Sgd;
import org.nn4j.tensor.DType;
import org.nn4j.training.History;
import org.nn4j.training.Trainer;
import org.nn4j.training.TrainingConfig;

/** Local steps with parameter averaging ({@code averageEvery = k}) against oracles it must match exactly. */
class LocalStepsTest {
    private static final Dataset DATA = LocalSpark.blobs(400, 9);

    private static double[] trainLocally(TrainingConfig config) {
        Sequential model = LocalSpark.model(DType.F64);
        new Trainer(config).fit(model, DATA);
        return model.parameters().toDoubleArray();
    }

    private static Sequential trainOnSpark(TrainingConfig config, int partitions, int every) {
        Sequential model = LocalSpark.model(DType.F64);
        org.apache.spark.sql.Dataset<Row> rows = DataFrames.of(LocalSpark.session(), DATA, partitions);
        SparkTrainer.fit(model, rows, SparkTrainingConfig.of(config).withAverageEvery(every));
        return model;
    }

    @Test
    void oneLocalStepOfPlainSgdIsAGradientAverage() {
        // p − lr·Σ_i (m_i/m)·ḡ_i = p − lr·ḡ: averaging after every plain-SGD step is synchronous SGD
        TrainingConfig config = TrainingConfig.builder().epochs(2).batchSize(25)
                .optimizer(new Sgd.Config(0.1, 0)).seed(5).build();
        double diff = LocalSpark.maxDiff(trainLocally(config),
                trainOnSpark(config, 2, 1).parameters().toDoubleArray());
        assertTrue(diff < 1e-12, "weights differ by " + diff);
    }

    @Test
    void onePartitionCarriesAdamsMomentsAndStepCountAcrossRounds() {
        // with a single replica, averaging is the identity: five local Adam steps per round, then the driver's
        // m, v and t must continue exactly as in one uninterrupted run
        TrainingConfig config = TrainingConfig.builder().epochs(2).batchSize(16)
                .optimizer(OptimizerConfig.named("adam", 0.01)).seed(6).build();
        double diff = LocalSpark.maxDiff(trainLocally(config),
                trainOnSpark(config, 1, 5).parameters().toDoubleArray());
        assertTrue(diff < 1e-12, "weights differ by " + diff);
    }

    @Test
    void averagingEveryFourStepsOnTwoPartitionsLearns() {
        TrainingConfig config = TrainingConfig.builder().epochs(5).batchSize(16)
                .optimizer(OptimizerConfig.named("adam", 0.01)).seed(7).build();
        Sequential model = trainOnSpark(config, 2, 4);
        double diff = LocalSpark.maxDiff(trainLocally(config), model.parameters().toDoubleArray());
        assertTrue(diff > 1e-6, "local steps on two replicas are another algorithm than synchronous training");
        // the blobs' Bayes accuracy is about 0.86 (centres 2.1σ apart); a fresh model scores about 1/3
        double accuracy = model.evaluate(LocalSpark.blobs(2000, 10)).accuracy();
        assertTrue(accuracy > 0.8, "test accuracy " + accuracy);
    }
}
