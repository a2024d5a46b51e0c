package org.nn4j.models;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The loss of a model on a data set and, for classifiers, its accuracy (NaN for regression).
 *
 * @param lossName the loss function, e.g. {@code categorical_crossentropy} or {@code mse}
 * @param loss     the mean loss over the samples, with the regularisation penalties
 * @param accuracy the fraction of samples whose predicted class is their label, or NaN for regression
 * @param samples  how many samples were evaluated
 */
public record Evaluation(String lossName, double loss, double accuracy, int samples) {
    /**
     * {@code loss}, {@code accuracy} (classifiers only) and {@code samples}, in that order.
     *
     * @return a new map, for JSON output
     */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", loss);
        if (!Double.isNaN(accuracy)) {
            m.put("accuracy", accuracy);
        }
        m.put("samples", samples);
        return m;
    }

    /** E.g. {@code Evaluation(categorical_crossentropy 0.3412, accuracy 0.8812, 10000 samples)}. */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "Evaluation(%s %.4f%s, %d samples)", lossName, loss,
                Double.isNaN(accuracy) ? "" : String.format(java.util.Locale.ROOT, ", accuracy %.4f", accuracy),
                samples);
    }
}
