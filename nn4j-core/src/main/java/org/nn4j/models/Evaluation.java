package org.nn4j.models;

import java.util.LinkedHashMap;
import java.util.Map;

/** The loss of a model on a data set and, for classifiers, its accuracy (NaN for regression). */
public record Evaluation(String lossName, double loss, double accuracy, int samples) {
    /** {@code loss}, {@code accuracy} (classifiers only) and {@code samples}, in that order. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", loss);
        if (!Double.isNaN(accuracy)) {
            m.put("accuracy", accuracy);
        }
        m.put("samples", samples);
        return m;
    }
}
