package org.nn4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.nn4j.activations.Activation;
import org.nn4j.data.Dataset;
import org.nn4j.layers.BatchNorm;
import org.nn4j.layers.Dense;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.OptimizerConfig;
import org.nn4j.tensor.DType;
import org.nn4j.training.EpochOrder;
import org.nn4j.training.History;
import org.nn4j.training.Trainer;
import org.nn4j.training.TrainingConfig;

/**
 * What the one training loop brings to Spark, each against single-process training with the same seed and hence the
 * same global batches, in float64: class weights, a validation split of the rows, and batch normalisation with
 * statistics synchronised across partitions and running statistics kept on the driver.
 */
class SameLoopTest {
    private static final Dataset DATA = LocalSpark.blobs(500, 21);
    // 500 samples in batches of 32 leave a last batch of 20: partitions see uneven shares
    private static final TrainingConfig.Builder SETTINGS = TrainingConfig.builder().epochs(3).batchSize(32)
            .optimizer(OptimizerConfig.named("adam", 0.01)).seed(5);

    /** Trains the same fresh model in one process and on {@code partitions} partitions; returns both. */
    private static Sequential[] trainBoth(TrainingConfig config, Sequential local, Sequential spark, int partitions,
                                          History[] histories) {
        histories[0] = new Trainer(config).fit(local, DATA);
        org.apache.spark.sql.Dataset<Row> rows = DataFrames.of(LocalSpark.session(), DATA, partitions);
        histories[1] = SparkTrainer.fit(spark, rows, SparkTrainingConfig.of(config));
        Sequential init = LocalSpark.model(DType.F64).initialize(new EpochOrder(config.seed(), true).initSeed());
        return new Sequential[]{local, spark, init};
    }

    private static void assertSameWeights(Sequential local, Sequential spark, double tolerance) {
        double diff = LocalSpark.maxDiff(local.parameters().toDoubleArray(), spark.parameters().toDoubleArray());
        assertTrue(diff <= tolerance, "weights differ by " + diff);
    }

    @Test
    void classWeightsOnSparkEqualOneProcess() {
        TrainingConfig config = SETTINGS.build().withClassWeights(List.of(0.2, 1.0, 3.0));
        History[] h = new History[2];
        Sequential[] m = trainBoth(config, LocalSpark.model(DType.F64), LocalSpark.model(DType.F64), 2, h);
        assertSameWeights(m[0], m[1], 1e-12);
        // the weights matter: without them training ends elsewhere
        Sequential plain = LocalSpark.model(DType.F64);
        new Trainer(SETTINGS.build()).fit(plain, DATA);
        double moved = LocalSpark.maxDiff(plain.parameters().toDoubleArray(), m[0].parameters().toDoubleArray());
        assertTrue(moved > 0.01, "class weights must change the weights, changed " + moved);
        assertTrue(LocalSpark.maxDiff(h[0].metric("loss"), h[1].metric("loss")) <= 1e-12);
    }

    @Test
    void aValidationSplitOfTheRowsEqualsOneProcessSplit() {
        TrainingConfig config = SETTINGS.validationSplit(0.2).build();
        History[] h = new History[2];
        Sequential[] m = trainBoth(config, LocalSpark.model(DType.F64), LocalSpark.model(DType.F64), 3, h);
        assertSameWeights(m[0], m[1], 1e-12);
        for (String metric : new String[]{"loss", "accuracy", "val_loss", "val_accuracy"}) {
            double d = LocalSpark.maxDiff(h[0].metric(metric), h[1].metric(metric));
            assertTrue(d <= 1e-12, metric + " differs by " + d);
        }
        assertTrue(h[1].metric("val_accuracy")[2] > 0.6, "validation accuracy " + h[1].metric("val_accuracy")[2]);
    }

    /** 6 → 16 ReLU → BatchNorm → 8 tanh → BatchNorm → 3 softmax. */
    private static Sequential batchNormModel() {
        return new Sequential(6, Loss.CATEGORICAL_CROSSENTROPY, DType.F64, List.of(new Dense(16, Activation.RELU),
                new BatchNorm(), new Dense(8, Activation.TANH), new BatchNorm(), new Dense(3, Activation.SOFTMAX)));
    }

    @Test
    void batchNormalisationOnSparkSynchronisesTheGlobalBatchAndEqualsOneProcess() {
        TrainingConfig config = SETTINGS.validationSplit(0).build();
        History[] h = new History[2];
        Sequential local = batchNormModel();
        Sequential spark = batchNormModel();
        trainBoth(config, local, spark, 2, h);
        assertSameWeights(local, spark, 1e-12);
        // the running statistics, kept on the driver, follow the same global batches
        double state = LocalSpark.maxDiff(local.state().toDoubleArray(), spark.state().toDoubleArray());
        assertTrue(state <= 1e-12, "running statistics differ by " + state);
        Sequential fresh = batchNormModel().initialize(1);
        assertTrue(LocalSpark.maxDiff(fresh.state().toDoubleArray(), spark.state().toDoubleArray()) > 0.05,
                "the running statistics must have moved");
        assertEquals(3, h[1].epochs().size());
        assertTrue(LocalSpark.maxDiff(h[0].metric("loss"), h[1].metric("loss")) <= 1e-12);
    }

    @Test
    void batchNormalisationWithLocalStepsIsRefusedWithTheReason() {
        org.apache.spark.sql.Dataset<Row> rows = DataFrames.of(LocalSpark.session(), DATA, 2);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SparkTrainer.fit(batchNormModel(), rows, SparkTrainingConfig.of(SETTINGS.build())
                        .withAverageEvery(4)));
        assertTrue(e.getMessage().contains("averageEvery 0"), e.getMessage());
    }
}
