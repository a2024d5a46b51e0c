package org.nn4j.training;

import org.nn4j.optimizers.Adam;
import org.nn4j.optimizers.OptimizerConfig;

/**
 * How to train: epochs, mini-batch size, optimiser, seed, shuffling and validation split. Immutable and
 * validated once; each default is written once, in {@link Builder}. The CLI's flags map onto these fields and
 * the record is stored in model files as JSON.
 *
 * @param validationSplit fraction of the training data held out for validation (0 for none)
 */
public record TrainingConfig(int epochs, int batchSize, OptimizerConfig optimizer, long seed, boolean shuffle,
                             double validationSplit) {
    public TrainingConfig {
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("an optimizer is required");
        }
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            throw new IllegalArgumentException("validation split must lie in [0, 1), got " + validationSplit);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-set with the defaults: 10 epochs, batches of 32, Adam(1e-3), seed 0, shuffled, no split. */
    public static final class Builder {
        private int epochs = 10;
        private int batchSize = 32;
        private OptimizerConfig optimizer = Adam.Config.defaults(1e-3);
        private long seed;
        private boolean shuffle = true;
        private double validationSplit;

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder optimizer(OptimizerConfig optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        public Builder validationSplit(double validationSplit) {
            this.validationSplit = validationSplit;
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(epochs, batchSize, optimizer, seed, shuffle, validationSplit);
        }
    }
}
