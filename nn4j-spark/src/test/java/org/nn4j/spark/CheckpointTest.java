package org.nn4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.nn4j.data.Dataset;
import org.nn4j.models.ModelSnapshot;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.OptimizerConfig;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.training.EpochLog;
import org.nn4j.training.History;
import org.nn4j.training.TrainingConfig;
import org.nn4j.training.TrainingListener;
import org.nn4j.training.TrainingState;

/**
 * A driver killed after an epoch resumes from what a checkpoint holds — the weights and the {@link TrainingState}
 * of that epoch — and ends where an uninterrupted run ends, in both averaging modes.
 */
class CheckpointTest {
    private static final Dataset DATA = LocalSpark.blobs(300, 21);
    private static final TrainingConfig CONFIG = TrainingConfig.builder().epochs(3).batchSize(32)
            .optimizer(OptimizerConfig.named("adam", 0.01)).seed(17).build();

    private static org.apache.spark.sql.Dataset<Row> rows() {
        return DataFrames.of(LocalSpark.session(), DATA, 2);
    }

    private static void resumesExactly(SparkTrainingConfig config) {
        Sequential whole = LocalSpark.model(DType.F32);
        History expected = new SparkTrainer(config).fit(whole, rows());

        Sequential dying = LocalSpark.model(DType.F32);
        ModelSnapshot saved = new ModelSnapshot(dying);
        TrainingState[] state = new TrainingState[1];
        SparkTrainer killed = new SparkTrainer(config).addListener(new TrainingListener() {
            @Override
            public void onEpochState(TrainingState s) {
                saved.capture(dying);
                state[0] = s;
                if (s.epoch() == 2) {
                    throw new IllegalStateException("driver killed");
                }
            }
        });
        assertThrows(IllegalStateException.class, () -> killed.fit(dying, rows()));

        Sequential restarted = LocalSpark.model(DType.F32);
        Ops.copy(saved.parameters(), restarted.parameters());
        restarted.markInitialized();
        int[] epochsRun = {0};
        History history = new SparkTrainer(config).addListener(new TrainingListener() {
            @Override
            public void onEpochEnd(EpochLog log) {
                epochsRun[0]++;
            }
        }).resume(restarted, rows(), null, state[0]);
        assertEquals(1, epochsRun[0], "only epoch 3 is left to run");
        assertArrayEquals(expected.metric("loss"), history.metric("loss"), 0);
        assertArrayEquals(whole.parameters().toDoubleArray(), restarted.parameters().toDoubleArray(), 0);
    }

    @Test
    void synchronousRunsResumeAfterTheLastEpochWithTheSameWeights() {
        resumesExactly(SparkTrainingConfig.of(CONFIG));
    }

    @Test
    void localStepRunsResumeWithTheAveragedOptimiserState() {
        resumesExactly(SparkTrainingConfig.of(CONFIG).withAverageEvery(3));
    }
}
