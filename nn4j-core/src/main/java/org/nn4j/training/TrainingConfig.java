package org.nn4j.training;

import java.util.List;
import org.nn4j.optimizers.Adam;
import org.nn4j.optimizers.GradientClipping;
import org.nn4j.optimizers.OptimizerConfig;
import org.nn4j.optimizers.schedules.ScheduleConfig;

/**
 * How to train: epochs, mini-batch size, optimiser, seed, shuffling, validation split, and the training craft
 * around them — learning-rate schedule, gradient clipping, early stopping and class weights. Immutable and
 * validated once; each default is written once, in {@link Builder}. The CLI's flags map onto these fields and
 * the record is stored in model files as JSON.
 *
 * @param validationSplit fraction of the training data held out for validation (0 for none)
 * @param schedule        the learning-rate schedule, or null for a constant rate
 * @param clipping        gradient clipping between backpropagation and the optimiser step
 * @param earlyStopping   when to stop before {@code epochs}, or null to run them all
 * @param classWeights    a weight per class multiplying each sample's loss (empty for none)
 * @param epochs    how many passes over the training data (≥ 1)
 * @param batchSize samples per mini-batch (≥ 1); the last batch of an epoch may be smaller
 * @param optimizer the update rule and its learning rate
 * @param seed      the one seed all randomness derives from: initialisation, split, order, dropout
 * @param shuffle   whether each epoch visits the samples in a fresh order
 */
public record TrainingConfig(int epochs, int batchSize, OptimizerConfig optimizer, long seed, boolean shuffle,
                             double validationSplit, ScheduleConfig schedule, GradientClipping clipping,
                             EarlyStopping.Config earlyStopping, List<Double> classWeights) {
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
        if (schedule != null) {
            schedule.validate(epochs);
        }
        clipping = clipping == null ? GradientClipping.NONE : clipping;
        classWeights = classWeights == null ? List.of() : List.copyOf(classWeights);
        for (double w : classWeights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("class weights must be finite and ≥ 0, got " + classWeights);
            }
        }
    }

    /**
     * The plain settings: constant rate, no clipping, no early stopping, no class weights.
     *
     * @param epochs passes over the training data
     * @param batchSize samples per mini-batch
     * @param optimizer the update rule
     * @param seed the seed all randomness derives from
     * @param shuffle whether each epoch visits the samples in a fresh order
     * @param validationSplit the share held out for validation, 0 for none
     */
    public TrainingConfig(int epochs, int batchSize, OptimizerConfig optimizer, long seed, boolean shuffle,
                          double validationSplit) {
        this(epochs, batchSize, optimizer, seed, shuffle, validationSplit, null, null, null, null);
    }

    /**
     * The same settings with these class weights.
     *
     * @param weights one weight per class (≥ 0), or empty for none
     * @return a new configuration
     */
    public TrainingConfig withClassWeights(List<Double> weights) {
        return new TrainingConfig(epochs, batchSize, optimizer, seed, shuffle, validationSplit, schedule, clipping,
                earlyStopping, weights);
    }

    /**
     * A builder holding the defaults (see {@link Builder}).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return builder().epochs(epochs).batchSize(batchSize).optimizer(optimizer).seed(seed).shuffle(shuffle)
                .validationSplit(validationSplit).schedule(schedule).clipping(clipping).earlyStopping(earlyStopping)
                .classWeights(classWeights);
    }

    /**
     * A builder pre-set with the defaults: 10 epochs, batches of 32, Adam(1e-3), seed 0, shuffled, no split,
     * constant rate, no clipping, no early stopping, no class weights.
     */
    public static final class Builder {
        private int epochs = 10;
        private int batchSize = 32;
        private OptimizerConfig optimizer = Adam.Config.defaults(1e-3);
        private long seed;
        private boolean shuffle = true;
        private double validationSplit;
        private ScheduleConfig schedule;
        private GradientClipping clipping = GradientClipping.NONE;
        private EarlyStopping.Config earlyStopping;
        private List<Double> classWeights = List.of();

        /**
         * Sets the number of epochs.
         *
         * @param epochs passes over the training data (≥ 1)
         * @return this builder
         */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * Sets the mini-batch size.
         *
         * @param batchSize samples per batch (≥ 1)
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets the update rule.
         *
         * @param optimizer e.g. {@code OptimizerConfig.named("adam", 1e-3)}
         * @return this builder
         */
        public Builder optimizer(OptimizerConfig optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /**
         * Sets the seed all randomness derives from.
         *
         * @param seed any value; the same seed gives the same run
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets whether each epoch visits the samples in a fresh order.
         *
         * @param shuffle false keeps the data's order
         * @return this builder
         */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /**
         * Sets the share of the training data held out for validation.
         *
         * @param validationSplit in [0, 1); 0 for none
         * @return this builder
         */
        public Builder validationSplit(double validationSplit) {
            this.validationSplit = validationSplit;
            return this;
        }

        /**
         * Sets the learning-rate schedule.
         *
         * @param schedule e.g. {@code new CosineDecay(2, 0)}, or null for a constant rate
         * @return this builder
         */
        public Builder schedule(ScheduleConfig schedule) {
            this.schedule = schedule;
            return this;
        }

        /**
         * Sets gradient clipping.
         *
         * @param clipping by global norm and/or by value
         * @return this builder
         */
        public Builder clipping(GradientClipping clipping) {
            this.clipping = clipping;
            return this;
        }

        /**
         * Sets early stopping.
         *
         * @param earlyStopping the metric and patience, or null to run every epoch
         * @return this builder
         */
        public Builder earlyStopping(EarlyStopping.Config earlyStopping) {
            this.earlyStopping = earlyStopping;
            return this;
        }

        /**
         * Sets per-class loss weights.
         *
         * @param classWeights one weight per class, or empty for none
         * @return this builder
         */
        public Builder classWeights(List<Double> classWeights) {
            this.classWeights = classWeights;
            return this;
        }

        /**
         * The configuration, validated.
         *
         * @return the immutable settings
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public TrainingConfig build() {
            return new TrainingConfig(epochs, batchSize, optimizer, seed, shuffle, validationSplit, schedule, clipping,
                    earlyStopping, classWeights);
        }
    }
}
