package org.nn4j.training;

/**
 * The loss (or the weights) became NaN or infinite: training stopped at the batch where it happened. The message
 * names the epoch, the batch and the first layer whose values broke; the model has been put back to the weights of
 * the last epoch that ended finite ({@link #restoredEpoch()}, 0 for the weights training started from), and
 * {@link #history()} holds the epochs before it.
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int epoch;
    private final int batch;
    private final int restoredEpoch;
    private final transient History history;

    /**
     * An exception whose message says where and how training broke and which weights the model holds.
     *
     * @param epoch the epoch that broke, from 1
     * @param batch the batch that broke, from 1
     * @param what what was found, e.g. {@code the loss is NaN}
     * @param where the first layer with non-finite values
     * @param restoredEpoch the epoch whose weights the model was put back to; 0 for the initial weights
     * @param history the epochs completed before
     */
    public TrainingDivergedException(int epoch, int batch, String what, String where, int restoredEpoch,
                                     History history) {
        super("training diverged at epoch " + epoch + ", batch " + batch + ": " + what
                + "; the first non-finite values are in " + where + ". The model holds the weights of "
                + (restoredEpoch == 0 ? "the start of training" : "epoch " + restoredEpoch + ", the last good one")
                + " (lower the learning rate or clip the gradients)");
        this.epoch = epoch;
        this.batch = batch;
        this.restoredEpoch = restoredEpoch;
        this.history = history;
    }

    /**
     * The epoch in which training broke.
     *
     * @return the epoch, from 1
     */
    public int epoch() {
        return epoch;
    }

    /**
     * The batch at which training broke.
     *
     * @return the batch within its epoch, from 1
     */
    public int batch() {
        return batch;
    }

    /**
     * The epoch whose weights the model was put back to; 0 for the initial weights.
     *
     * @return the epoch, or 0
     */
    public int restoredEpoch() {
        return restoredEpoch;
    }

    /**
     * The epochs completed before the divergence (up to {@link #restoredEpoch()}).
     *
     * @return the history of the good epochs
     */
    public History history() {
        return history;
    }
}
