package org.nn4j.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        model.checkData(train);
        if (validation != null) {
            model.checkData(validation);
        }
        if (train.size() == 0) {
            throw new IllegalArgumentException("the training set is empty");
        }
        EpochOrder epochOrder = new EpochOrder(config.seed(), config.shuffle(), train.size());
        if (!model.isInitialized()) {
            model.initialize(epochOrder.initSeed());
        }
        Optimizer optimizer = config.optimizer().create();
        Tensor params = model.parameters();
        Tensor grads = model.gradients();
        Batch batch = new Batch(model.dtype());
        int n = train.size();
        int size = Math.min(config.batchSize(), n);
        int batches = (n + size - 1) / size;
        int[] scratch = new int[size];
        boolean classifies = model.loss().classifies();
        History history = new History();
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long start = System.nanoTime();
            int[] order = epochOrder.next();
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
                for (TrainingListener l : listeners) {
                    l.onBatchEnd(epoch, b + 1, batches, lossSum / seen,
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
        }
        return history;
    }
}
