package org.nn4j.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nn4j.config.Json;
import org.nn4j.data.FittedScaler;
import org.nn4j.layers.Layer;
import org.nn4j.layers.Parameter;
import org.nn4j.models.ModelConfig;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;
import org.nn4j.training.EpochLog;
import org.nn4j.training.TrainingConfig;

/**
 * The {@code .nn} model file: a safetensors file, so any safetensors reader can open it. Tensors
 * {@code layers.<i>.<name>} hold the weights (W as units × inputs, b as units × 1; batch normalisation's gamma,
 * beta and its non-trainable running_mean, running_var as n × 1) and {@code scaler.offset},
 * {@code scaler.scale} the input scaling; the metadata holds the architecture, training settings, class names
 * and history as JSON strings, under a format tag and version.
 *
 * <p>Saving writes a temporary file beside the target and renames it, so a crash never leaves a half-written
 * model where a good one was.
 */
public final class ModelFile {
    static final String FORMAT = "nn4j-model";
    static final String VERSION = "1";

    private ModelFile() {
    }

    public static void save(Path file, SavedModel saved) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", VERSION);
        meta.put("dtype", saved.model().dtype().toString());
        meta.put("model", Json.toJson(saved.model().config()));
        if (saved.training() != null) {
            meta.put("training", Json.toJson(saved.training()));
        }
        meta.put("scaler", saved.scaler().kind());
        meta.put("class_names", Json.toJson(saved.classNames()));
        if (saved.classes() != null) {
            meta.put("classes", Json.toJson(saved.classes()));
        }
        meta.put("history", Json.toJson(saved.history()));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        List<Layer> layers = saved.model().layers();
        for (int i = 0; i < layers.size(); i++) {
            for (Parameter p : stored(layers.get(i))) {
                tensors.put("layers." + i + "." + p.name(), p.value());
            }
        }
        int d = saved.scaler().numFeatures();
        tensors.put("scaler.offset", Tensor.wrap(saved.scaler().offset(), d, 1));
        tensors.put("scaler.scale", Tensor.wrap(saved.scaler().scale(), d, 1));
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Safetensors.write(tmp, meta, tensors, Map.of());
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads a model file; a file that is not one, or whose weights do not fit its architecture, fails naming why. */
    public static SavedModel load(Path file) throws IOException {
        SafetensorsFile st = Safetensors.read(file);
        Map<String, String> meta = st.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new IOException(file + ": not an nn4j model file (its metadata has no format \"" + FORMAT + "\")");
        }
        if (!VERSION.equals(meta.get("format_version"))) {
            throw new IOException(file + ": model format version " + meta.get("format_version")
                    + " is not supported by this nn4j (it reads version " + VERSION + ")");
        }
        try {
            DType dtype = DType.parse(require(file, meta, "dtype"));
            ModelConfig config = Json.fromJson(require(file, meta, "model"), ModelConfig.class);
            Sequential model = Sequential.fromConfig(config, dtype);
            List<Layer> layers = model.layers();
            for (int i = 0; i < layers.size(); i++) {
                for (Parameter p : stored(layers.get(i))) {
                    String name = "layers." + i + "." + p.name();
                    Tensor stored = st.tensor(name, dtype);
                    if (!stored.sameShape(p.value())) {
                        throw new IOException(file + ": tensor " + name + " is " + stored.shape()
                                + " but the architecture needs " + p.value().shape());
                    }
                    Ops.copy(stored, p.value());
                }
            }
            model.markInitialized();
            TrainingConfig training = meta.containsKey("training")
                    ? Json.fromJson(meta.get("training"), TrainingConfig.class) : null;
            FittedScaler scaler = new FittedScaler(require(file, meta, "scaler"),
                    st.tensor("scaler.offset", DType.F32).toFloatArray(),
                    st.tensor("scaler.scale", DType.F32).toFloatArray());
            List<String> classNames = List.of(Json.fromJson(require(file, meta, "class_names"), String[].class));
            int[] classes = meta.containsKey("classes") ? Json.fromJson(meta.get("classes"), int[].class) : null;
            List<EpochLog> history = meta.containsKey("history")
                    ? List.of(Json.fromJson(meta.get("history"), EpochLog[].class)) : List.of();
            return new SavedModel(model, training, scaler, classNames, classes, history);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** What a layer keeps in the file: its parameters, then its non-trainable state. */
    private static List<Parameter> stored(Layer layer) {
        List<Parameter> all = new ArrayList<>(layer.parameters());
        all.addAll(layer.state());
        return all;
    }

    private static String require(Path file, Map<String, String> meta, String key) throws IOException {
        String v = meta.get(key);
        if (v == null) {
            throw new IOException(file + ": the model file's metadata lacks \"" + key + "\"");
        }
        return v;
    }
}
