package org.nn4j.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nn4j.data.Dataset;
import org.nn4j.models.Batch;
import org.nn4j.models.Evaluation;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.Optimizer;
import org.nn4j.tensor.Tensor;

/**
 * Mini-batch training: each epoch visits the training samples in a fresh order, and each batch of m samples
 * is one forward pass, one backward pass (gradients averaged over the batch) and one optimiser step.
 *
 * <p>All randomness comes from the configuration's seed, split once per use: initialisation (for a model that
 * has not been initialised), the validation split, and shuffling. The same seed therefore gives the same weights.
 * Each epoch's sample order is drawn afresh from a generator derived from the seed and the epoch number alone, so
 * a run can {@link #resume} at any epoch boundary and continue bit for bit with no generator state to save.
 */
public final class Trainer {
    private final TrainingConfig config;
    private final List<TrainingListener> listeners = new ArrayList<>();

    public Trainer(TrainingConfig config) {
        this.config = config;
    }

    public Trainer addListener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    public TrainingConfig config() {
        return config;
    }

    /** Trains on {@code train}, holding out the configured validation split (if any) for validation. */
    public History fit(Sequential model, Dataset train) {
        if (config.validationSplit() > 0) {
            Dataset.Split split = train.split(config.validationSplit(), config.seed());
            return fit(model, split.train(), split.validation());
        }
        return fit(model, train, null);
    }

    /** Trains on {@code train}, evaluating on {@code validation} (may be null) after each epoch. */
    public History fit(Sequential model, Dataset train, Dataset validation) {
        return run(model, train, validation, null);
    }

    /**
     * Continues a run from the state it reached (see {@link TrainingListener#onEpochState}), with the model holding
     * the weights of that moment, up to the configured number of epochs. With the configuration and data of the
     * first run, the weights end exactly as an uninterrupted run leaves them. The history includes earlier epochs.
     */
    public History resume(Sequential model, Dataset train, Dataset validation, TrainingState state) {
        if (!model.isInitialized()) {
            throw new IllegalArgumentException("resuming needs the model's weights from the moment of the state");
        }
        return run(model, train, validation, state);
    }

    /** As {@link #resume(Sequential, Dataset, Dataset, TrainingState)}, holding out the configured split again. */
    public History resume(Sequential model, Dataset train, TrainingState state) {
        if (config.validationSplit() > 0) {
            Dataset.Split split = train.split(config.validationSplit(), config.seed());
            return resume(model, split.train(), split.validation(), state);
        }
        return resume(model, train, null, state);
    }

    private History run(Sequential model, Dataset train, Dataset validation, TrainingState resumeFrom) {
        model.checkData(train);
        if (validation != null) {
            model.checkData(validation);
        }
        if (train.size() == 0) {
            throw new IllegalArgumentException("the training set is empty");
        }
        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom initRng = root.split();
        long shuffleSeed = root.split().nextLong();
        if (!model.isInitialized()) {
            model.initialize(initRng.nextLong());
        }
        Optimizer optimizer = config.optimizer().create();
        History history = new History();
        int first = 1;
        Tensor params = model.parameters();
        if (resumeFrom != null) {
            resumeFrom.optimizer().slots().forEach((name, slot) -> {
                if (!slot.sameShape(params)) {
                    throw new IllegalArgumentException("the optimiser state '" + name + "' is " + slot.shape()
                            + " but the model has " + params.shape() + " parameters");
                }
            });
            optimizer.restore(resumeFrom.optimizer());
            resumeFrom.history().forEach(history::add);
            first = resumeFrom.epoch() + 1;
        }
        Tensor grads = model.gradients();
        Batch batch = new Batch(model.dtype());
        int n = train.size();
        int size = Math.min(config.batchSize(), n);
        int batches = (n + size - 1) / size;
        int[] order = Batch.identity(n);
        int[] scratch = new int[size];
        boolean classifies = model.loss().classifies();
        for (int epoch = first; epoch <= config.epochs(); epoch++) {
            long start = System.nanoTime();
            if (config.shuffle()) {
                shuffle(order, epochRandom(shuffleSeed, epoch));
            }
            for (TrainingListener l : listeners) {
                l.onEpochBegin(epoch, config.epochs(), batches);
            }
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            for (int b = 0; b < batches; b++) {
                int from = b * size;
                int m = Math.min(size, n - from);
                Tensor x = batch.features(train.features(), train.numFeatures(), order, from, m);
                Tensor y = batch.targets(train, order, from, m, model.outputSize());
                double loss = model.computeGradients(x, y);
                if (!Double.isFinite(loss)) {
                    throw new TrainingDivergedException(epoch, b + 1, loss);
                }
                optimizer.step(params, grads);
                lossSum += loss * m;
                seen += m;
                if (classifies) {
                    correct += Sequential.countCorrect(model.lastOutput(), train.labels(), order, from, scratch);
                }
                // indexed: no iterator per batch in the hot loop
                for (int i = 0; i < listeners.size(); i++) {
                    listeners.get(i).onBatchEnd(epoch, b + 1, batches, lossSum / seen,
                            classifies ? (double) correct / seen : Double.NaN, seen);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("loss", lossSum / n);
            if (classifies) {
                metrics.put("accuracy", (double) correct / n);
            }
            if (validation != null) {
                Evaluation v = model.evaluate(validation);
                metrics.put("val_loss", v.loss());
                if (classifies) {
                    metrics.put("val_accuracy", v.accuracy());
                }
            }
            metrics.put("seconds", seconds);
            metrics.put("samples_per_s", n / seconds);
            EpochLog log = new EpochLog(epoch, metrics);
            history.add(log);
            for (TrainingListener l : listeners) {
                l.onEpochEnd(log);
            }
            TrainingState state = new TrainingState(epoch, optimizer.state(), history.epochs());
            for (TrainingListener l : listeners) {
                l.onEpochState(state);
            }
        }
        return history;
    }

    /** The generator of one epoch: a function of (seed, epoch) only, so no epoch depends on the draws of another. */
    private static SplittableRandom epochRandom(long seed, int epoch) {
        return new SplittableRandom(seed + epoch).split();
    }

    /** Fisher–Yates over the identity, so the order depends on this epoch's generator alone. */
    private static void shuffle(int[] order, SplittableRandom rng) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
