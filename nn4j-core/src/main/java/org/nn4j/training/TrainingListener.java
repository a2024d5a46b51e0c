package org.nn4j.training;

import org.nn4j.models.Sequential;

/**
 * Callbacks from the training loop, in the order the loop calls them: {@link #onTrainBegin}, then per epoch
 * {@link #onEpochBegin}, per batch {@link #onBatchBegin} and {@link #onBatchEnd}, {@link #onEpochEnd}, and
 * finally {@link #onTrainEnd}. A listener that answers {@link #stopTraining()} with true after an epoch ends the
 * run there. All methods default to doing nothing.
 */
public interface TrainingListener {
    /**
     * Before the first epoch, with the model being trained.
     *
     * @param model the model about to be trained
     */
    default void onTrainBegin(Sequential model) {
    }

    /**
     * Before the first batch of an epoch (1-based) of {@code batches} batches.
     *
     * @param epoch the epoch about to run, from 1
     * @param epochs the configured number of epochs
     * @param batches the mini-batches in this epoch
     */
    default void onEpochBegin(int epoch, int epochs, int batches) {
    }

    /**
     * Before batch {@code batch} (1-based) is computed.
     *
     * @param epoch the current epoch, from 1
     * @param batch the batch about to run, from 1
     * @param batches the mini-batches in this epoch
     */
    default void onBatchBegin(int epoch, int batch, int batches) {
    }

    /**
     * After the optimiser step of batch {@code batch} (1-based), with the running mean loss and accuracy
     * (NaN for regression) of the epoch so far over {@code samples} samples.
     * @param epoch the current epoch, from 1
     * @param batch the batch just run, from 1
     * @param batches the mini-batches in this epoch
     * @param loss the mean loss over the epoch's samples so far
     * @param accuracy the accuracy over them, NaN for regression
     * @param samples how many samples the epoch has seen so far
     */
    default void onBatchEnd(int epoch, int batch, int batches, double loss, double accuracy, long samples) {
    }

    /**
     * After the epoch, including its validation.
     *
     * @param log the epoch's metrics
     */
    default void onEpochEnd(EpochLog log) {
    }

    /**
     * After {@link #onEpochEnd}, what training could resume from (with the model's current weights): checkpoints
     * save it. The state is a copy the listener may keep.
     * @param state the epoch, optimiser state and history
     */
    default void onEpochState(TrainingState state) {
    }

    /**
     * Asked after each epoch: true ends training there.
     *
     * @return true to stop after this epoch
     */
    default boolean stopTraining() {
        return false;
    }

    /**
     * After the last epoch (also after an early stop), with the complete history.
     *
     * @param history every epoch's log
     */
    default void onTrainEnd(History history) {
    }
}
