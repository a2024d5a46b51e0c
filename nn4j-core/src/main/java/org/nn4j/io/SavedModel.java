package org.nn4j.io;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nn4j.data.FittedScaler;
import org.nn4j.data.Schema;
import org.nn4j.data.Scaling;
import org.nn4j.models.Sequential;
import org.nn4j.training.EpochLog;
import org.nn4j.training.TrainingConfig;

/**
 * Everything a model file holds: the trained model, how it was trained (may be null), the input scaling fitted
 * on its training data, the names of its classes and of its input features (empty when its inputs are known by
 * position only), which classes of the source data it was trained on (null for all), the per-epoch history, final metrics (e.g. {@code test_accuracy}), and where the file came from
 * ({@code origin}: null for a model not yet saved; a save stamps its own).
 */
public record SavedModel(Sequential model, TrainingConfig training, FittedScaler scaler, List<String> classNames,
                         List<String> featureNames, int[] classes, List<EpochLog> history, Map<String, Double> metrics, Origin origin) {
    /** Which nn4j wrote a file, when, and in which format version. */
    public record Origin(String nn4jVersion, Instant created, int formatVersion) {
    }

    public SavedModel {
        if (model == null || scaler == null) {
            throw new IllegalArgumentException("a saved model needs a model and a scaler (Scaling.none for none)");
        }
        if (scaler.numFeatures() != model.inputSize()) {
            throw new IllegalArgumentException("the scaler has " + scaler.numFeatures() + " features, the model "
                    + model.inputSize());
        }
        classNames = List.copyOf(classNames);
        featureNames = List.copyOf(featureNames);
        if (!featureNames.isEmpty() && featureNames.size() != model.inputSize()) {
            throw new IllegalArgumentException(featureNames.size() + " feature names for a model of "
                    + model.inputSize() + " inputs");
        }
        classes = classes == null ? null : classes.clone();
        history = List.copyOf(history);
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** A model with its training record, no final metrics, not yet saved. */
    public SavedModel(Sequential model, TrainingConfig training, FittedScaler scaler, List<String> classNames,
                      int[] classes, List<EpochLog> history) {
        this(model, training, scaler, classNames, List.of(), classes, history, Map.of(), null);
    }

    /** A bare model: unscaled inputs, no class names, no training record. */
    public static SavedModel of(Sequential model) {
        return new SavedModel(model, null, Scaling.none(model.inputSize()), List.of(), null, List.of());
    }

    /** The same with these final metrics. */
    public SavedModel withMetrics(Map<String, Double> newMetrics) {
        return new SavedModel(model, training, scaler, classNames, featureNames, classes, history, newMetrics, origin);
    }

    /** The same with these input feature names (one per input, or none). */
    public SavedModel withFeatureNames(List<String> names) {
        return new SavedModel(model, training, scaler, classNames, names, classes, history, metrics, origin);
    }

    /** The same with this training history. */
    public SavedModel withHistory(List<EpochLog> newHistory) {
        return new SavedModel(model, training, scaler, classNames, featureNames, classes, newHistory, metrics, origin);
    }

    /** The names data is mapped onto before this model sees it: its features and its classes. */
    public Schema schema() {
        return new Schema(featureNames, classNames);
    }

    @Override
    public int[] classes() {
        return classes == null ? null : classes.clone();
    }

    /** Writes this model to {@code file} atomically; see {@link ModelFile}. */
    public void save(Path file) throws IOException {
        ModelFile.save(file, this);
    }

    /** Reads a model file, verifying its checksum; failures are {@link ModelFileException}s naming the problem. */
    public static SavedModel load(Path file) throws IOException {
        return ModelFile.load(file);
    }
}
