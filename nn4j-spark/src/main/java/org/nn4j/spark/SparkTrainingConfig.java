package org.nn4j.spark;

import org.nn4j.training.TrainingConfig;

/**
 * How to train on Spark: the training settings of single-process training (epochs, global batch size, optimiser,
 * schedule, clipping, early stopping, class weights, validation split, seed, shuffling), plus how partitions
 * combine their work and which columns hold the data. Immutable and validated once; each default is written once, in {@link #of}.
 *
 * @param averageEvery 0 (the default) for synchronous gradient averaging on every mini-batch; k ≥ 1 for k local
 *                     steps per partition between parameter averages
 * @param featuresCol  the column of feature vectors or arrays
 * @param labelCol     the column of class indices or regression targets
 * @param training the settings of the training loop itself
 */
public record SparkTrainingConfig(TrainingConfig training, int averageEvery, String featuresCol, String labelCol) {
    public SparkTrainingConfig {
        if (training == null) {
            throw new IllegalArgumentException("SparkTrainingConfig: training settings are required");
        }
        if (averageEvery < 0) {
            throw new IllegalArgumentException("SparkTrainingConfig: averageEvery must be 0 (synchronous) or a "
                    + "number of local steps ≥ 1, got " + averageEvery);
        }
        if (featuresCol == null || featuresCol.isBlank() || labelCol == null || labelCol.isBlank()) {
            throw new IllegalArgumentException("SparkTrainingConfig: the features and label columns need names, got '"
                    + featuresCol + "' and '" + labelCol + "'");
        }
    }

    /** Synchronous training with {@code training}'s settings on columns {@code features} and {@code label}. */
    public static SparkTrainingConfig of(TrainingConfig training) {
        return new SparkTrainingConfig(training, 0, DataFrames.FEATURES, DataFrames.LABEL);
    }

    /** The same, with k local steps between parameter averages (0: synchronous). */
    public SparkTrainingConfig withAverageEvery(int k) {
        return new SparkTrainingConfig(training, k, featuresCol, labelCol);
    }

    public SparkTrainingConfig withColumns(String features, String label) {
        return new SparkTrainingConfig(training, averageEvery, features, label);
    }

    /** True for synchronous gradient averaging. */
    public boolean synchronous() {
        return averageEvery == 0;
    }
}
