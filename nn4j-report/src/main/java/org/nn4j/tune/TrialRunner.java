package org.nn4j.tune;

import java.util.Map;

/** Trains one configuration for a number of epochs and scores it on validation data. */
@FunctionalInterface
public interface TrialRunner {
    /** The validation score (higher is better), its metric's name, and the validation loss. */
    record Outcome(double score, String metric, double valLoss) {
    }

    Outcome run(Map<String, String> params, int epochs) throws Exception;
}
