package org.nn4j.optimizers.schedules;

import java.util.Locale;
import java.util.Map;

/**
 * A metric watched across epochs and which way is better, as Keras's {@code mode="auto"} decides it: higher for
 * accuracies, lower for everything else (losses). Reduce-on-plateau and early stopping share it.
 *
 * @param metric the metric's name, e.g. {@code val_loss} or {@code val_accuracy}
 */
public record Monitor(String metric) {
    public Monitor {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("a monitored metric needs a name, e.g. val_loss");
        }
    }

    /** True when larger values are better. */
    public boolean maximizes() {
        return metric.toLowerCase(Locale.ROOT).contains("acc");
    }

    /** The value no real value is worse than: the starting point of the best so far. */
    public double worst() {
        return maximizes() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    /** True if {@code value} beats {@code best} by more than {@code minDelta}. */
    public boolean improves(double value, double best, double minDelta) {
        return maximizes() ? value > best + minDelta : value < best - minDelta;
    }

    /** The metric's value in an epoch's metrics; fails naming the metrics there are when it is missing. */
    public double read(Map<String, Double> metrics) {
        Double v = metrics.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("the monitored metric '" + metric + "' is not reported; epochs report "
                    + String.join(", ", metrics.keySet())
                    + (metric.startsWith("val_") ? " (validation metrics need validation data or a validation split)"
                    : ""));
        }
        return v;
    }
}
