package org.nn4j.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nn4j.data.Dataset;
import org.nn4j.models.Evaluation;
import org.nn4j.models.ModelSnapshot;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.Optimizer;
import org.nn4j.optimizers.schedules.Schedule;
import org.nn4j.tensor.Ops;

/**
 * Mini-batch training: each epoch visits the training samples in a fresh order, and each batch of m samples
 * is one forward pass, one backward pass (gradients averaged over the batch) and one optimiser step.
 *
 * <p>All randomness comes from the configuration's seed, split once per use: initialisation (for a model that
 * has not been initialised), the validation split, shuffling, and the model's training noise (dropout masks).
 * The same seed therefore gives the same weights. Each epoch's sample order and noise seed are drawn afresh from
 * generators derived from the seed and the epoch number alone, so a run can {@link #resume} at any epoch boundary
 * and continue bit for bit with no generator state to save.
 *
 * <p>Each batch: the schedule sets the learning rate, the model computes the gradient (class weights applied),
 * clipping bounds it, the optimiser steps and the layers' constraints are enforced. A NaN or infinite loss stops
 * training at once with a {@link TrainingDivergedException} naming the batch and layer, the model put back to the
 * last good epoch.
 *
 * <p>This is the one training loop: how the mini-batches are computed is a {@link StepStrategy} — this process
 * (every {@code fit} and {@code resume} on a {@link Dataset}), or data-parallel training, which hands its strategy
 * to {@link #fit(Sequential, StepStrategy)}. An epoch's {@code seconds} run from its first batch to its last
 * update, before validation.
 */
public final class Trainer {
    private final TrainingConfig config;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private final ProgressLogger progress = ProgressLogger.toStandardOutput();

    /**
     * A trainer for these settings that prints one line per epoch to standard output (see {@link #quiet()}).
     *
     * @param config the training settings
     */
    public Trainer(TrainingConfig config) {
        this.config = config;
        listeners.add(progress);
    }

    /**
     * Adds a callback, called after those added before.
     *
     * @param listener the callback
     * @return this trainer
     */
    public Trainer addListener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Turns off the per-epoch lines on standard output; listeners still hear every event.
     *
     * @return this trainer
     */
    public Trainer quiet() {
        listeners.remove(progress);
        return this;
    }

    /**
     * The settings this trainer runs.
     *
     * @return the configuration
     */
    public TrainingConfig config() {
        return config;
    }

    /**
     * Trains on {@code train}, holding out the configured validation split (if any) for validation.
     *
     * @param model the model to train; a model without weights is first initialised from the seed
     * @param train labelled training data (the configured validation split is taken from it)
     * @return one log per epoch run
     * @throws IllegalArgumentException if the data does not fit the model or has no labels
     * @throws TrainingDivergedException if the loss becomes NaN or infinite
     */
    public History fit(Sequential model, Dataset train) {
        if (config.validationSplit() > 0) {
            Dataset.Split split = train.split(config.validationSplit(), config.seed());
            return fit(model, split.train(), split.validation());
        }
        return fit(model, train, null);
    }

    /**
     * Trains on {@code train}, evaluating on {@code validation} (may be null) after each epoch; stops early when
     * the configured early stopping or a listener says so.
     * @param model the model to train
     * @param train labelled training data
     * @param validation data evaluated after each epoch, or null
     * @return one log per epoch run
     * @throws IllegalArgumentException if the data does not fit the model or has no labels
     * @throws TrainingDivergedException if the loss becomes NaN or infinite
     */
    public History fit(Sequential model, Dataset train, Dataset validation) {
        return run(model, inProcess(model, train, validation), null);
    }

    /**
     * Trains with the mini-batches computed by {@code steps} (data-parallel training plugs in here), which the
     * run closes when it ends.
     */
    public History fit(Sequential model, StepStrategy steps) {
        return run(model, steps, null);
    }

    /**
     * Continues a run from the state it reached (see {@link TrainingListener#onEpochState}), with the model holding
     * the weights of that moment, up to the configured number of epochs. With the configuration and data of the
     * first run, the weights end exactly as an uninterrupted run leaves them. The history includes earlier epochs,
     * and is replayed into a reduce-on-plateau schedule; early stopping starts counting afresh from the resumed epoch.
     * @param model the model, holding the weights of the moment {@code state} was taken
     * @param train the training data of the first run
     * @param validation the validation data of the first run, or null
     * @param state where the run stood
     * @return the history of the whole run, earlier epochs included
     * @throws IllegalArgumentException if the model has no weights
     */
    public History resume(Sequential model, Dataset train, Dataset validation, TrainingState state) {
        requireWeights(model);
        return run(model, inProcess(model, train, validation), state);
    }

    /**
     * As {@link #resume(Sequential, Dataset, Dataset, TrainingState)}, holding out the configured split again.
     *
     * @param model the model, holding the weights of the moment {@code state} was taken
     * @param train the training data of the first run, before the split
     * @param state where the run stood
     * @return the history of the whole run
     */
    public History resume(Sequential model, Dataset train, TrainingState state) {
        if (config.validationSplit() > 0) {
            Dataset.Split split = train.split(config.validationSplit(), config.seed());
            return resume(model, split.train(), split.validation(), state);
        }
        return resume(model, train, null, state);
    }

    /** As {@link #resume(Sequential, Dataset, Dataset, TrainingState)}, with the mini-batches computed by {@code steps}. */
    public History resume(Sequential model, StepStrategy steps, TrainingState state) {
        requireWeights(model);
        return run(model, steps, state);
    }

    private static void requireWeights(Sequential model) {
        if (!model.isInitialized()) {
            throw new IllegalArgumentException("resuming needs the model's weights from the moment of the state");
        }
    }

    private StepStrategy inProcess(Sequential model, Dataset train, Dataset validation) {
        model.checkData(train);
        if (validation != null) {
            model.checkData(validation);
        }
        if (train.size() == 0) {
            throw new IllegalArgumentException("the training set is empty");
        }
        return new InProcess(model, train, validation, config);
    }

    private History run(Sequential model, StepStrategy steps, TrainingState resumeFrom) {
        try (steps) {
            return new Run(model, steps, resumeFrom).epochs();
        }
    }

    /** One run's state: the model, optimiser, schedule, listeners and history, and the last epoch that ended well. */
    private final class Run {
        private final Sequential model;
        private final StepStrategy steps;
        private final EpochOrder seeds = new EpochOrder(config.seed(), config.shuffle());
        private final Optimizer optimizer = config.optimizer().create();
        private final Schedule schedule = config.schedule() == null ? null : config.schedule().create();
        private final List<TrainingListener> all = new ArrayList<>(listeners);
        private final History history = new History();
        private final Update update;
        private final ModelSnapshot lastGood;
        private final int first;
        private int lastGoodEpoch;

        Run(Sequential model, StepStrategy steps, TrainingState resumeFrom) {
            this.model = model;
            this.steps = steps;
            if (steps.size() == 0) {
                throw new IllegalArgumentException("the training set is empty");
            }
            if (!model.isInitialized()) {
                model.initialize(seeds.initSeed());
            }
            if (config.earlyStopping() != null) {
                all.add(new EarlyStopping(config.earlyStopping()));
            }
            this.update = new Update(model, optimizer, config.clipping());
            if (resumeFrom != null) {
                optimizer.restore(resumeFrom.optimizer(), model.parameters());
                resumeFrom.history().forEach(history::add);
                if (schedule != null) {
                    resumeFrom.history().forEach(log -> schedule.onEpochEnd(log.metrics()));
                }
            }
            this.first = resumeFrom == null ? 1 : resumeFrom.epoch() + 1;
            this.lastGood = new ModelSnapshot(model);
            this.lastGoodEpoch = first - 1;
        }

        History epochs() {
            int[] order = new int[steps.size()];  // filled by the epoch order each epoch
            for (TrainingListener l : all) {
                l.onTrainBegin(model);
            }
            for (int epoch = first; epoch <= config.epochs(); epoch++) {
                EpochLog log = epoch(epoch, order);
                history.add(log);
                for (TrainingListener l : all) {
                    l.onEpochEnd(log);
                }
                if (schedule != null) {
                    schedule.onEpochEnd(log.metrics());
                }
                TrainingState state = new TrainingState(epoch, optimizer.state(), history.epochs());
                for (TrainingListener l : all) {
                    l.onEpochState(state);
                }
                if (all.stream().anyMatch(TrainingListener::stopTraining)) {
                    break;
                }
            }
            for (TrainingListener l : all) {
                l.onTrainEnd(history);
            }
            return history;
        }

        /** One pass over the training samples in rounds of the strategy, then the epoch's metrics and validation. */
        private EpochLog epoch(int epoch, int[] order) {
            long start = System.nanoTime();
            int n = order.length;
            int size = Math.min(config.batchSize(), n);
            int batches = (n + size - 1) / size;
            boolean classifies = model.loss().classifies();
            seeds.fill(epoch, order);
            steps.startEpoch(epoch, order, seeds.noiseSeed(epoch));
            for (TrainingListener l : all) {
                l.onEpochBegin(epoch, config.epochs(), batches);
            }
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            try {
                for (int b = 0; b < batches; b += steps.batchesPerRound()) {
                    int count = Math.min(steps.batchesPerRound(), batches - b);
                    // indexed: no iterator per batch in the hot loop
                    for (int i = 0; i < all.size(); i++) {
                        all.get(i).onBatchBegin(epoch, b + 1, batches);
                    }
                    if (schedule != null) {
                        optimizer.setLearningRate(schedule.rate(config.optimizer().learningRate(),
                                epoch - 1 + (b + 0.5) / batches, config.epochs()));
                    }
                    StepStrategy.Round round = steps.round(epoch, b, count, update);
                    if (!Double.isFinite(round.lossSum())) {
                        throw diverged(epoch, b + count, "the loss is " + round.lossSum() / round.samples());
                    }
                    lossSum += round.lossSum();
                    correct += round.correct();
                    seen += round.samples();
                    for (int i = 0; i < all.size(); i++) {
                        all.get(i).onBatchEnd(epoch, b + count, batches, lossSum / seen,
                                classifies ? (double) correct / seen : Double.NaN, seen);
                    }
                }
            } finally {
                steps.endEpoch();
            }
            if (!Double.isFinite(Ops.maxAbs(model.parameters()))) {
                throw diverged(epoch, batches, "the last update left non-finite weights");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("loss", lossSum / n);
            if (classifies) {
                metrics.put("accuracy", (double) correct / n);
            }
            Evaluation v = steps.validate();
            if (v != null) {
                if (!Double.isFinite(v.loss())) {
                    throw diverged(epoch, batches, "the validation loss is " + v.loss());
                }
                metrics.put("val_loss", v.loss());
                if (classifies) {
                    metrics.put("val_accuracy", v.accuracy());
                }
            }
            metrics.put("lr", optimizer.learningRate());
            metrics.put("seconds", seconds);
            metrics.put("samples_per_s", n / seconds);
            lastGood.capture(model);
            lastGoodEpoch = epoch;
            return new EpochLog(epoch, metrics);
        }

        /** Locates the broken layer, puts the last good weights back and makes the exception that says so. */
        private TrainingDivergedException diverged(int epoch, int batch, String what) {
            String where = steps.locateDivergence();
            lastGood.restore(model);
            return new TrainingDivergedException(epoch, batch, what, where, lastGoodEpoch, history);
        }
    }
}
