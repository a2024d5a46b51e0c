package org.nn4j.training;

/** The loss became NaN or infinite: training stopped at the batch where it happened, before updating from it. */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int epoch;
    private final int batch;

    public TrainingDivergedException(int epoch, int batch, double loss) {
        super("training diverged: the loss is " + loss + " at epoch " + epoch + ", batch " + batch
                + "; the weights were not updated from that batch (lower the learning rate)");
        this.epoch = epoch;
        this.batch = batch;
    }

    public int epoch() {
        return epoch;
    }

    public int batch() {
        return batch;
    }
}
