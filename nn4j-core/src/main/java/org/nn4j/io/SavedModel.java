package org.nn4j.io;

import java.util.List;
import org.nn4j.data.FittedScaler;
import org.nn4j.models.Sequential;
import org.nn4j.training.EpochLog;
import org.nn4j.training.TrainingConfig;

/**
 * Everything a model file holds: the trained model, how it was trained (may be null), the input scaling fitted
 * on its training data, the names of its classes, which classes of the source data it was trained on (null for
 * all), and the per-epoch history.
 */
public record SavedModel(Sequential model, TrainingConfig training, FittedScaler scaler, List<String> classNames,
                         int[] classes, List<EpochLog> history) {
    public SavedModel {
        if (model == null || scaler == null) {
            throw new IllegalArgumentException("a saved model needs a model and a scaler (Scaling.none for none)");
        }
        if (scaler.numFeatures() != model.inputSize()) {
            throw new IllegalArgumentException("the scaler has " + scaler.numFeatures() + " features, the model "
                    + model.inputSize());
        }
        classNames = List.copyOf(classNames);
        classes = classes == null ? null : classes.clone();
        history = List.copyOf(history);
    }

    @Override
    public int[] classes() {
        return classes == null ? null : classes.clone();
    }
}
