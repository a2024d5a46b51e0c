package org.nn4j.training;

/** Callbacks from the training loop; all methods default to doing nothing. */
public interface TrainingListener {
    /** Before the first batch of an epoch (1-based) of {@code batches} batches. */
    default void onEpochBegin(int epoch, int epochs, int batches) {
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
}
