package org.nn4j.training;

import java.util.ArrayList;
import java.util.List;

/** The per-epoch record of a training run, as {@code fit} returns it. */
public final class History {
    private final List<EpochLog> epochs = new ArrayList<>();

    /**
     * Appends an epoch: trainers call this, and a resumed run first re-adds the epochs of its checkpoint.
     *
     * @param log the epoch's log
     */
    public void add(EpochLog log) {
        epochs.add(log);
    }

    /**
     * The epochs so far, in order.
     *
     * @return an unmodifiable copy
     */
    public List<EpochLog> epochs() {
        return List.copyOf(epochs);
    }

    /**
     * The values of one metric, epoch by epoch, e.g. {@code history.metric("val_loss")}.
     *
     * @param name the metric
     * @return one value per epoch, NaN where an epoch did not measure it
     */
    public double[] metric(String name) {
        return epochs.stream().mapToDouble(e -> e.get(name)).toArray();
    }

    /**
     * The last epoch's log.
     *
     * @return the log
     * @throws IllegalStateException if no epoch has finished
     */
    public EpochLog last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epoch has finished");
        }
        return epochs.get(epochs.size() - 1);
    }

    /** The number of epochs and the last one's metrics, e.g. {@code History(10 epochs; last epoch 10: loss …)}. */
    @Override
    public String toString() {
        return epochs.isEmpty() ? "History(no epochs)"
                : "History(" + epochs.size() + (epochs.size() == 1 ? " epoch" : " epochs") + "; last " + last() + ")";
    }
}
