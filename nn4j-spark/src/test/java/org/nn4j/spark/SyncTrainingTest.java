package org.nn4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.nn4j.data.Dataset;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.OptimizerConfig;
import org.nn4j.tensor.DType;
import org.nn4j.training.History;
import org.nn4j.training.Trainer;
import org.nn4j.training.TrainingConfig;

/**
 * Synchronous gradient averaging on local[2] against single-process training with the same seed, hence the same
 * initial weights and global batch order: the weights agree up to the rounding of summing the partitions'
 * gradients in another order — about 1e-15 in float64, about 1e-7 relative in float32.
 */
class SyncTrainingTest {
    private static final Dataset DATA = LocalSpark.blobs(500, 4);
    // 500 samples in batches of 32: 15 full batches and one of 20, so partitions see uneven shares
    private static final TrainingConfig CONFIG = TrainingConfig.builder().epochs(3).batchSize(32)
            .optimizer(OptimizerConfig.named("adam", 0.01)).seed(11).build();

    private static void assertSameTraining(DType dtype, int partitions, double tolerance) {
        Sequential local = LocalSpark.model(dtype);
        History expected = new Trainer(CONFIG).fit(local, DATA);

        Sequential spark = LocalSpark.model(dtype);
        org.apache.spark.sql.Dataset<Row> rows = DataFrames.of(LocalSpark.session(), DATA, partitions);
        History actual = SparkTrainer.fit(spark, rows, SparkTrainingConfig.of(CONFIG));

        Sequential init = LocalSpark.model(dtype).initialize(new org.nn4j.training.EpochOrder(CONFIG.seed(), CONFIG.shuffle()).initSeed());
        double moved = LocalSpark.maxDiff(init.parameters().toDoubleArray(), local.parameters().toDoubleArray());
        assertTrue(moved > 0.05, "training must move the weights, moved " + moved);
        double diff = LocalSpark.maxDiff(local.parameters().toDoubleArray(), spark.parameters().toDoubleArray());
        assertTrue(diff <= tolerance, dtype + " on " + partitions + " partitions: weights differ by " + diff);
        assertEquals(3, actual.epochs().size());
        for (String metric : new String[]{"loss", "accuracy"}) {
            double d = LocalSpark.maxDiff(expected.metric(metric), actual.metric(metric));
            assertTrue(d <= 1e-5, metric + " differs by " + d);
        }
    }

    @Test
    void float32WeightsEqualSingleProcessTrainingWithinRounding() {
        assertSameTraining(DType.F32, 2, 1e-5);
    }

    @Test
    void float64WeightsEqualSingleProcessTrainingToTheLastDigitsOnThreePartitions() {
        assertSameTraining(DType.F64, 3, 1e-12);
    }
}
