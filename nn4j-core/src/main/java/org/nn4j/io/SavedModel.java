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
 * position only), which classes of the source data it was trained on (null for all), the per-epoch history,
 * final metrics (e.g. {@code test_accuracy}), and where the file came from ({@code origin}: null for a model not
 * yet saved; a save stamps its own).
 *
 * @param model      the trained network
 * @param training   how it was trained, or null
 * @param scaler     the input scaling fitted on its training data ({@code Scaling.none} for none)
 * @param classNames the class names in label order (empty for regression or unnamed classes)
 * @param featureNames the names of its input features in column order (empty when known by position only)
 * @param classes    which classes of the source data it was trained on, or null for all
 * @param history    the per-epoch logs of its training
 * @param metrics    final metrics by name, e.g. {@code test_accuracy}
 * @param origin     which nn4j wrote the file and when, or null before saving
 */
public record SavedModel(Sequential model, TrainingConfig training, FittedScaler scaler, List<String> classNames,
                         List<String> featureNames, int[] classes, List<EpochLog> history,
                         Map<String, Double> metrics, Origin origin) {
    /**
     * Which nn4j wrote a file, when, and in which format version.
     *
     * @param nn4jVersion   the version of the nn4j that wrote the file
     * @param created       when the file was written
     * @param formatVersion the model file format version
     */
    public record Origin(String nn4jVersion, Instant created, int formatVersion) {
    }

    /** Checks that there is a model and a scaler that fit each other, and copies the lists, array and map. */
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

    /**
     * A model with its training record, no final metrics, not yet saved.
     *
     * @param model the trained network
     * @param training how it was trained, or null
     * @param scaler the input scaling ({@code Scaling.none} for none)
     * @param classNames the class names in label order, or empty
     * @param classes the source classes it was trained on, or null for all
     * @param history the per-epoch logs
     */
    public SavedModel(Sequential model, TrainingConfig training, FittedScaler scaler, List<String> classNames,
                      int[] classes, List<EpochLog> history) {
        this(model, training, scaler, classNames, List.of(), classes, history, Map.of(), null);
    }

    /**
     * A bare model: unscaled inputs, no class names, no training record.
     *
     * @param model the network
     * @return the model with nothing else recorded
     */
    public static SavedModel of(Sequential model) {
        return new SavedModel(model, null, Scaling.none(model.inputSize()), List.of(), null, List.of());
    }

    /**
     * The same with these final metrics.
     *
     * @param newMetrics final metrics by name, replacing any others
     * @return a new record
     */
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

    /**
     * The source classes the model was trained on.
     *
     * @return a copy, or null for all
     */
    @Override
    public int[] classes() {
        return classes == null ? null : classes.clone();
    }

    /**
     * Writes this model to {@code file} atomically; see {@link ModelFile}.
     *
     * @param file where to write; an existing file is replaced only once the new one is complete
     * @throws IOException if the file cannot be written
     * @throws org.nn4j.models.UninitializedModelException if the model has no weights
     */
    public void save(Path file) throws IOException {
        ModelFile.save(file, this);
    }

    /**
     * Reads a model file, verifying its checksum; failures are {@link ModelFileException}s naming the problem.
     *
     * @param file a file written by {@link #save}
     * @return the model and everything saved with it
     * @throws ModelFileException if the file is missing, a directory, truncated, corrupted, too new or not a model
     * @throws IOException if it cannot be read
     */
    public static SavedModel load(Path file) throws IOException {
        return ModelFile.load(file);
    }

    /** The model, its classes, scaling, epochs trained and metrics in one line; arrays are shown by content. */
    @Override
    public String toString() {
        return "SavedModel(" + model + ", " + (classNames.isEmpty() ? "no class names" : classNames.size()
                + " classes " + classNames) + ", scaling " + scaler.kind() + ", " + history.size() + " epochs"
                + (classes == null ? "" : ", source classes " + java.util.Arrays.toString(classes))
                + (metrics.isEmpty() ? "" : ", " + metrics) + (origin == null ? "" : ", " + origin) + ")";
    }
}
