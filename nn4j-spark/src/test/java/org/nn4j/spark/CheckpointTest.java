package org.nn4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.data.Dataset;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.OptimizerConfig;
import org.nn4j.tensor.DType;
import org.nn4j.training.EpochLog;
import org.nn4j.training.History;
import org.nn4j.training.TrainingConfig;
import org.nn4j.training.TrainingListener;

/** A driver killed after an epoch resumes from its checkpoint and ends where an uninterrupted run ends. */
class CheckpointTest {
    private static final Dataset DATA = LocalSpark.blobs(300, 21);
    private static final TrainingConfig CONFIG = TrainingConfig.builder().epochs(3).batchSize(32)
            .optimizer(OptimizerConfig.named("adam", 0.01)).seed(17).build();

    @TempDir
    Path dir;

    private static org.apache.spark.sql.Dataset<Row> rows() {
        return DataFrames.of(LocalSpark.session(), DATA, 2);
    }

    @Test
    void aRestartedDriverResumesAfterTheLastEpochAndEndsWithTheSameWeights() {
        Sequential whole = LocalSpark.model(DType.F32);
        History expected = SparkTrainer.fit(whole, rows(), SparkTrainingConfig.of(CONFIG));

        SparkTrainingConfig config = SparkTrainingConfig.of(CONFIG).withCheckpointDir(dir.toString());
        SparkTrainer dying = new SparkTrainer(config).addListener(new TrainingListener() {
            @Override
            public void onEpochEnd(EpochLog log) {
                if (log.epoch() == 2) {
                    throw new IllegalStateException("driver killed");
                }
            }
        });
        assertThrows(IllegalStateException.class, () -> dying.fit(LocalSpark.model(DType.F32), rows()));

        Sequential resumed = LocalSpark.model(DType.F32);
        int[] epochsRun = {0};
        History history = new SparkTrainer(config).addListener(new TrainingListener() {
            @Override
            public void onEpochEnd(EpochLog log) {
                epochsRun[0]++;
            }
        }).fit(resumed, rows());
        assertEquals(1, epochsRun[0], "only epoch 3 is left to run");
        assertArrayEquals(expected.metric("loss"), history.metric("loss"), 0);
        assertArrayEquals(whole.parameters().toDoubleArray(), resumed.parameters().toDoubleArray(), 0);
    }

    @Test
    void aCheckpointOfOtherSettingsIsRefused() {
        SparkTrainingConfig config = SparkTrainingConfig.of(CONFIG).withCheckpointDir(dir.toString());
        SparkTrainer.fit(LocalSpark.model(DType.F32), rows(), config);
        TrainingConfig otherSeed = TrainingConfig.builder().epochs(4).batchSize(32)
                .optimizer(OptimizerConfig.named("adam", 0.01)).seed(18).build();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> SparkTrainer.fit(
                LocalSpark.model(DType.F32), rows(), SparkTrainingConfig.of(otherSeed).withCheckpointDir(dir.toString())));
        assertTrue(e.getMessage().contains("other settings"), e.getMessage());
    }
}
