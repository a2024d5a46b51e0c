package org.nn4j.analysis;

import java.util.List;
import org.nn4j.data.Dataset;
import org.nn4j.io.SavedModel;
import org.nn4j.metrics.RegressionScores;
import org.nn4j.training.EpochLog;

/**
 * Everything {@code nn analyze} and {@code nn report} say about a saved model on one data set: the error analysis
 * (classifiers) or regression scores, and the bias/variance diagnosis from the training history's last epoch and
 * the error on this data.
 *
 * @param raw       the data as read, before the model's input scaling (for drawing images)
 * @param errors    null for regression models
 * @param scores    null for classifiers
 * @param diagnosis null when the history lacks a training accuracy (regression, or no history)
 * @param saved    the model analysed, with its history and classes
 * @param dataName the data's name, for titles
 */
public record ModelAnalysis(SavedModel saved, String dataName, Dataset raw, ErrorAnalysis errors,
                            RegressionScores scores, Diagnosis diagnosis) {
    /** Analyses {@code saved} on {@code raw}, diagnosing against {@code baselineError} with {@code tolerance}. */
    public static ModelAnalysis of(SavedModel saved, String dataName, Dataset raw, double baselineError,
                                   double tolerance) {
        Dataset scaled = saved.scaler().transform(raw);
        if (!saved.model().loss().classifies()) {
            saved.model().checkData(scaled);
            float[] predicted = saved.model().predict(scaled.features(), scaled.size());
            return new ModelAnalysis(saved, dataName, raw, null,
                    RegressionScores.of(scaled.targets(), predicted, scaled.targetSize()), null);
        }
        ErrorAnalysis errors = ErrorAnalysis.of(saved.model(), scaled);
        return new ModelAnalysis(saved, dataName, raw, errors, null,
                diagnose(saved.history(), 1 - errors.accuracy(), baselineError, tolerance));
    }

    /** The diagnosis from the last epoch's training and validation accuracy and this test error, if there is one. */
    static Diagnosis diagnose(List<EpochLog> history, double testError, double baselineError, double tolerance) {
        if (history.isEmpty() || Double.isNaN(history.get(history.size() - 1).get("accuracy"))) {
            return null;
        }
        EpochLog last = history.get(history.size() - 1);
        return Diagnosis.of(baselineError, 1 - last.get("accuracy"), 1 - last.get("val_accuracy"), testError,
                tolerance);
    }
}
