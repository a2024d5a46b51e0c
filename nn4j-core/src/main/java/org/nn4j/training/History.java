package org.nn4j.training;

import java.util.ArrayList;
import java.util.List;

/** The per-epoch record of a training run, as {@code fit} returns it. */
public final class History {
    private final List<EpochLog> epochs = new ArrayList<>();

    /** Appends an epoch: trainers call this, and a resumed run first re-adds the epochs of its checkpoint. */
    public void add(EpochLog log) {
        epochs.add(log);
    }

    public List<EpochLog> epochs() {
        return List.copyOf(epochs);
    }

    /** The values of one metric, epoch by epoch, e.g. {@code history.metric("val_loss")}. */
    public double[] metric(String name) {
        return epochs.stream().mapToDouble(e -> e.get(name)).toArray();
    }

    /** The last epoch's log. */
    public EpochLog last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epoch has finished");
        }
        return epochs.get(epochs.size() - 1);
    }
}
