package org.nn4j.training;

import org.nn4j.models.Evaluation;

/**
 * How the mini-batches of an epoch are computed: the one seam between {@link Trainer}, which owns the epoch protocol
 * (resume, listeners, schedule, early stopping, divergence checks, metrics, timing), and where the arithmetic runs —
 * in this process, one optimiser step per mini-batch, or data-parallel (nn4j-spark: gradients averaged every batch,
 * or local steps with parameter averaging every k batches).
 *
 * <p>The trainer calls {@link #startEpoch} with the epoch's sample order, then {@link #round} for consecutive runs
 * of {@link #batchesPerRound()} global mini-batches (batch b is samples {@code order[b·m .. b·m + m)}, m the
 * configured batch size), then {@link #endEpoch}, and {@link #validate} after it. A strategy applies each update
 * through the {@link Update} the trainer hands it, so clipping, the optimiser step and the constraints are the same
 * everywhere; class weights it takes from the training settings.
 */
public interface StepStrategy extends AutoCloseable {
    /** Number of training samples: an epoch visits a permutation of 0 .. size − 1. */
    int size();

    /** Global mini-batches per round: 1 when every batch is an update of the trainer's model. */
    int batchesPerRound();

    /**
     * Prepares an epoch visited in {@code order} (indices into the training samples; valid until
     * {@link #endEpoch}), with {@code noiseSeed} the seed of the model's training noise (dropout) in this epoch.
     */
    void startEpoch(int epoch, int[] order, long noiseSeed);

    /**
     * Computes global batches {@code first .. first + count − 1} (0-based) of the epoch and leaves the result in
     * the model and the optimiser of {@code update}. A round whose loss is not finite must leave the model as it
     * found it, so that {@link #locateDivergence} sees the weights that broke.
     */
    Round round(int epoch, int first, int count, Update update);

    /** Ends the epoch begun by {@link #startEpoch} (also when it stopped early); releases what it held. */
    void endEpoch();

    /** The model's loss and accuracy on the validation samples, or null when there are none. */
    Evaluation validate();

    /** Where the first non-finite values appear in the model, for the message of a diverged run. */
    String locateDivergence();

    /** Releases what the strategy holds for the run (cached data, broadcasts). */
    @Override
    void close();

    /**
     * What a round saw.
     *
     * @param lossSum the loss summed over its samples (each batch's mean loss × its samples)
     * @param correct the samples classified correctly (0 for regression)
     * @param samples the samples
     */
    record Round(double lossSum, long correct, long samples) {
    }
}
