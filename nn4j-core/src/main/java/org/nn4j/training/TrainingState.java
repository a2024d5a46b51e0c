package org.nn4j.training;

import java.util.List;
import org.nn4j.optimizers.OptimizerState;

/**
 * Where a training run stands at the end of an epoch, beside the model's weights: the epoch just finished
 * (1-based), the optimiser's state, and the history so far. With the same configuration, data and weights,
 * {@link Trainer#resume} continues from it exactly as the run would have gone on. No random-generator state is
 * needed: the trainer derives each epoch's randomness from the seed and the epoch number.
 *
 * @param epoch     the epoch just finished, counted from 1
 * @param optimizer the optimiser's steps, learning rate and state vectors
 * @param history   the logs of epochs 1 .. epoch
 */
public record TrainingState(int epoch, OptimizerState optimizer, List<EpochLog> history) {
    public TrainingState {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be 0 or more, got " + epoch);
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("a training state needs the optimiser's state");
        }
        history = List.copyOf(history);
        if (history.size() != epoch) {
            throw new IllegalArgumentException("the history has " + history.size() + " epochs, the state is at epoch "
                    + epoch);
        }
    }
}
