package org.nn4j.training;

import org.nn4j.models.Sequential;

/**
 * Callbacks from the training loop, in the order the loop calls them: {@link #onTrainBegin}, then per epoch
 * {@link #onEpochBegin}, per batch {@link #onBatchBegin} and {@link #onBatchEnd}, {@link #onEpochEnd}, and
 * finally {@link #onTrainEnd}. A listener that answers {@link #stopTraining()} with true after an epoch ends the
 * run there. All methods default to doing nothing.
 */
public interface TrainingListener {
    /** Before the first epoch, with the model being trained. */
    default void onTrainBegin(Sequential model) {
    }

    /** Before the first batch of an epoch (1-based) of {@code batches} batches. */
    default void onEpochBegin(int epoch, int epochs, int batches) {
    }

    /** Before batch {@code batch} (1-based) is computed. */
    default void onBatchBegin(int epoch, int batch, int batches) {
    }

    /**
     * After the optimiser step of batch {@code batch} (1-based), with the running mean loss and accuracy
     * (NaN for regression) of the epoch so far over {@code samples} samples.
     */
    default void onBatchEnd(int epoch, int batch, int batches, double loss, double accuracy, long samples) {
    }

    /** After the epoch, including its validation. */
    default void onEpochEnd(EpochLog log) {
    }

    /**
     * After {@link #onEpochEnd}, what training could resume from (with the model's current weights): checkpoints
     * save it. The state is a copy the listener may keep.
     */
    default void onEpochState(TrainingState state) {
    }

    /** Asked after each epoch: true ends training there. */
    default boolean stopTraining() {
        return false;
    }

    /** After the last epoch (also after an early stop), with the complete history. */
    default void onTrainEnd(History history) {
    }
}
