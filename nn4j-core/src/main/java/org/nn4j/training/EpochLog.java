package org.nn4j.training;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one epoch measured: {@code loss} and {@code accuracy} over the training batches (running means, as Keras
 * reports them), {@code val_loss} and {@code val_accuracy} when there is validation data, {@code seconds} and
 * {@code samples_per_s}. Accuracy is absent for regression.
 */
public record EpochLog(int epoch, Map<String, Double> metrics) {
    public EpochLog {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The value of {@code name}, or NaN if this epoch did not measure it. */
    public double get(String name) {
        return metrics.getOrDefault(name, Double.NaN);
    }
}
