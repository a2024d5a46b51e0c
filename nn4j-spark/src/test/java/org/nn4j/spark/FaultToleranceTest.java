package org.nn4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.nn4j.data.Dataset;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.OptimizerConfig;
import org.nn4j.tensor.DType;
import org.nn4j.training.TrainingConfig;
import org.nn4j.training.TrainingListener;

/**
 * A task killed mid-epoch is re-run by Spark and the result does not change. What an executor's death does to a
 * run is simulated: after batch 3 of epoch 2 the cached shards are dropped, and the first attempt of the task that
 * re-reads them fails; Spark ({@code local[2,4]}) retries it from the same broadcast parameters.
 */
class FaultToleranceTest {
    private static final Dataset DATA = LocalSpark.blobs(300, 12);
    private static final TrainingConfig CONFIG = TrainingConfig.builder().epochs(3).batchSize(32)
            .optimizer(OptimizerConfig.named("adam", 0.01)).seed(13).build();
    /** Set when the next first attempt of a task reading rows must fail; the number of failures so far. */
    static final AtomicBoolean ARMED = new AtomicBoolean();
    static final AtomicInteger FAILURES = new AtomicInteger();

    /** Passes every row, except that it fails the first attempt of one task while armed. */
    private static final UDF1<Double, Boolean> FAIL_ONCE = label -> {
        if (TaskContext.get().attemptNumber() == 0 && ARMED.compareAndSet(true, false)) {
            FAILURES.incrementAndGet();
            throw new IllegalStateException("task killed by the test");
        }
        return true;
    };

    private static double[] train(boolean kill) {
        UserDefinedFunction failOnce = udf(FAIL_ONCE, DataTypes.BooleanType);
        org.apache.spark.sql.Dataset<Row> rows = DataFrames.of(LocalSpark.session(), DATA, 2)
                .filter(failOnce.apply(col(DataFrames.LABEL)));
        Sequential model = LocalSpark.model(DType.F32);
        SparkTrainer trainer = new SparkTrainer(SparkTrainingConfig.of(CONFIG));
        if (kill) {
            trainer.addListener(new TrainingListener() {
                @Override
                public void onBatchEnd(int epoch, int batch, int batches, double loss, double accuracy, long n) {
                    if (epoch == 2 && batch == 3) {
                        dropCachedShards();
                        ARMED.set(true);
                    }
                }
            });
        }
        trainer.fit(model, rows);
        return model.parameters().toDoubleArray();
    }

    /** As if the executor holding them had died: the shards are re-read from their rows when next needed. */
    private static void dropCachedShards() {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(LocalSpark.session().sparkContext());
        for (JavaRDD<?> rdd : sc.getPersistentRDDs().values()) {
            rdd.unpersist(true);
            rdd.persist(StorageLevel.MEMORY_ONLY());
        }
    }

    @Test
    void aTaskThatFailsOnceMidEpochIsRetriedAndTheWeightsAreUnchanged() {
        double[] clean = train(false);
        FAILURES.set(0);
        double[] killed = train(true);
        assertEquals(1, FAILURES.get(), "exactly one task attempt must have failed");
        // two partitions: the two gradient sums are added in either order, which float addition does not see
        assertArrayEquals(clean, killed, 0);
    }
}
