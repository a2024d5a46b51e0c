package org.nn4j.training;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one epoch measured: {@code loss} and {@code accuracy} over the training batches (running means, as Keras
 * reports them), {@code val_loss} and {@code val_accuracy} when there is validation data, {@code seconds} and
 * {@code samples_per_s}. Accuracy is absent for regression.
 *
 * @param epoch   the epoch, counted from 1
 * @param metrics each metric's value by name, in the order the trainer measured them
 */
public record EpochLog(int epoch, Map<String, Double> metrics) {
    /** Copies the metrics, keeping their order. */
    public EpochLog {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /**
     * The value of {@code name}, or NaN if this epoch did not measure it.
     *
     * @param name a metric name, e.g. {@code "val_loss"}
     * @return its value, or NaN
     */
    public double get(String name) {
        return metrics.getOrDefault(name, Double.NaN);
    }

    /**
     * One line as training prints it, e.g. {@code epoch 3: loss 0.4123, accuracy 0.8512, val_loss 0.4410,
     * val_accuracy 0.8402, lr 0.001, 2.1 s (25,714 samples/s)}.
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("epoch ").append(epoch).append(':');
        String sep = " ";
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            if (!e.getKey().equals("seconds") && !e.getKey().equals("samples_per_s")) {
                b.append(sep).append(e.getKey()).append(' ')
                        .append(String.format(java.util.Locale.ROOT, "%.4g", e.getValue()));
                sep = ", ";
            }
        }
        if (metrics.containsKey("seconds")) {
            b.append(String.format(java.util.Locale.ROOT, "%s%.1f s", sep, get("seconds")));
        }
        if (metrics.containsKey("samples_per_s")) {
            b.append(String.format(java.util.Locale.ROOT, " (%,.0f samples/s)", get("samples_per_s")));
        }
        return b.toString();
    }
}
