package org.nn4j.tune;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One finished trial, as a line of the results file: the configuration ({@code nn train} flag → value), the rung
 * of successive halving and its epoch budget, the validation score (higher is better: accuracy for classifiers,
 * −loss for regression) with the metric's name, the validation loss, and the wall-clock seconds. A trial that
 * failed (e.g. diverged) has a NaN score and the reason in {@code error}.
 *
 * @param key     the configuration's identity in the results file
 * @param params  each {@code nn train} flag and its value
 * @param rung    the successive-halving rung, from 0
 * @param epochs  the epoch budget it trained with
 * @param score   the validation score, higher is better (NaN if the trial failed)
 * @param metric  what the score is, e.g. {@code val_accuracy}
 * @param valLoss the validation loss
 * @param seconds the wall-clock time of the trial
 * @param error   why the trial failed, or null
 */
public record TrialResult(String key, Map<String, String> params, int rung, int epochs, double score, String metric,
                          double valLoss, double seconds, String error) {
    public TrialResult {
        if (key == null || params == null) {
            throw new IllegalArgumentException("a trial result needs its key and parameters");
        }
        params = new LinkedHashMap<>(params);
    }

    /** The identity of a configuration, independent of when it ran: its flags in order. */
    public static String keyOf(Map<String, String> params) {
        return String.join(" ", SearchSpace.flags(params));
    }

    /** NaN scores (failed trials) rank below every real score. */
    public double rankingScore() {
        return Double.isNaN(score) ? Double.NEGATIVE_INFINITY : score;
    }

    @Override
    public Map<String, String> params() {
        return new LinkedHashMap<>(params);
    }
}
