package org.nn4j.io;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nn4j.Version;
import org.nn4j.config.Json;
import org.nn4j.data.FittedScaler;
import org.nn4j.io.ModelFileException.Problem;
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
 * {@code scaler.scale} the input scaling; the metadata holds, as strings, the format tag and version, the nn4j
 * version and creation time, the architecture, training settings, class names, history and final metrics as JSON,
 * and a SHA-256 checksum of all the rest ({@link ContentDigest}).
 *
 * <p>Format versions: 1 had no checksum, version, time or metrics; 2 adds them. This nn4j reads both and writes 2.
 * Loading fails with a {@link ModelFileException} whose {@link Problem} tells a truncated file from a corrupted
 * one, one of a newer format version, and weights that do not fit the architecture.
 *
 * <p>Saving is atomic ({@link AtomicFile}): a crash never leaves a half-written model where a good one was.
 */
public final class ModelFile {
    static final String FORMAT = "nn4j-model";
    static final int VERSION = 2;
    /** Parameter and state values any architecture may allocate before its tensors are checked one by one. */
    private static final long SMALL_MODEL = 1 << 20;

    private ModelFile() {
    }

    /**
     * Writes {@code saved} to {@code file} atomically, with a checksum over the content.
     *
     * @param file the model file
     * @param saved the model and what goes with it
     * @throws IOException if the file cannot be written
     */
    public static void save(Path file, SavedModel saved) throws IOException {
        write(file, saved, Map.of(), Map.of());
    }

    /**
     * Reads a model file; see the class comment for how it can fail.
     *
     * @param file the model file
     * @return its content
     * @throws ModelFileException naming the file and the problem
     * @throws IOException if it cannot be read
     */
    public static SavedModel load(Path file) throws IOException {
        return decode(file, open(file));
    }

    /**
     * Writes a model with extra metadata and tensors beside it (a checkpoint's optimiser state), all covered by
     * the checksum. The extra names must not collide with the model's.
     */
    static void write(Path file, SavedModel saved, Map<String, String> extraMeta, Map<String, Tensor> extraTensors)
            throws IOException {
        saved.model().requireInitialized("save");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", Integer.toString(VERSION));
        meta.put("nn4j_version", Version.current());
        meta.put("created", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        meta.put("dtype", saved.model().dtype().toString());
        meta.put("model", Json.toJson(saved.model().config()));
        if (saved.training() != null) {
            meta.put("training", Json.toJson(saved.training()));
        }
        meta.put("scaler", saved.scaler().kind());
        meta.put("class_names", Json.toJson(saved.classNames()));
        if (!saved.featureNames().isEmpty()) {
            meta.put("feature_names", Json.toJson(saved.featureNames()));
        }
        if (saved.classes() != null) {
            meta.put("classes", Json.toJson(saved.classes()));
        }
        meta.put("history", Json.toJson(saved.history()));
        meta.put("metrics", Json.toJson(saved.metrics()));
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
        putAll(meta, extraMeta, "metadata");
        putAll(tensors, extraTensors, "tensor");
        // The checksum is taken over the content as it is written, read back: one definition for save and load.
        meta.put(ContentDigest.KEY,
                ContentDigest.of(Safetensors.read(Safetensors.toBytes(meta, tensors, Map.of()))));
        AtomicFile.write(file, Safetensors.toBytes(meta, tensors, Map.of()));
    }

    private static <V> void putAll(Map<String, V> into, Map<String, V> extra, String what) {
        for (Map.Entry<String, V> e : extra.entrySet()) {
            if (into.putIfAbsent(e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException("extra " + what + " '" + e.getKey() + "' would replace the model's");
            }
        }
    }

    /** Reads a file and checks that it is an intact nn4j model file of a version this nn4j reads. */
    static SafetensorsFile open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new ModelFileException(file, Problem.DIRECTORY, "give the path of a .nn file");
        }
        if (!Files.exists(file)) {
            throw new ModelFileException(file, Problem.NOT_FOUND, "nothing at " + file.toAbsolutePath());
        }
        SafetensorsFile st;
        try {
            st = Safetensors.read(file);
        } catch (SafetensorsFormatException e) {
            throw new ModelFileException(file, e.isTruncated() ? Problem.TRUNCATED : Problem.CORRUPTED, e.reason(), e);
        }
        Map<String, String> meta = st.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new ModelFileException(file, Problem.NOT_A_MODEL, "a safetensors file whose metadata has no format \""
                    + FORMAT + "\"");
        }
        int version = version(file, meta);
        if (version >= 2) {
            String stored = meta.get(ContentDigest.KEY);
            if (stored == null) {
                throw new ModelFileException(file, Problem.CORRUPTED, "format version " + version
                        + " needs a checksum and the file has none");
            }
            String actual = ContentDigest.of(st);
            if (!actual.equals(stored)) {
                throw new ModelFileException(file, Problem.CORRUPTED, "the content does not match its checksum (stored "
                        + stored + ", computed " + actual + "); the file was damaged after it was written");
            }
        }
        return st;
    }

    private static int version(Path file, Map<String, String> meta) throws ModelFileException {
        String v = meta.get("format_version");
        int version;
        try {
            version = Integer.parseInt(v == null ? "" : v.trim());
        } catch (NumberFormatException e) {
            throw new ModelFileException(file, Problem.CORRUPTED, "format_version \"" + v + "\" is not a number", e);
        }
        if (version < 1 || version > VERSION) {
            String writer = meta.containsKey("nn4j_version") ? " (written by nn4j " + meta.get("nn4j_version") + ")"
                    : "";
            throw new ModelFileException(file, Problem.UNSUPPORTED_VERSION, "format version " + version + writer
                    + "; nn4j " + Version.current() + " reads versions 1 to " + VERSION
                    + (version > VERSION ? ": upgrade nn4j to load it" : ""));
        }
        return version;
    }

    /** The model a verified file describes. */
    static SavedModel decode(Path file, SafetensorsFile st) throws IOException {
        Map<String, String> meta = st.metadata();
        try {
            DType dtype = DType.parse(require(file, meta, "dtype"));
            ModelConfig config = Json.fromJson(require(file, meta, "model"), ModelConfig.class);
            // the architecture may not describe more values than the file stores: a 2 KB file declaring a
            // 100000×100000 layer is refused here, before anything is allocated; below SMALL_MODEL values the
            // tensors are compared one by one, which names the one that does not fit
            long stored = st.tensors().entrySet().stream().filter(e -> e.getKey().startsWith("layers."))
                    .mapToLong(e -> e.getValue().size()).sum();
            Sequential model;
            try {
                model = Sequential.fromConfig(config, dtype, Math.max(stored, SMALL_MODEL));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + String.format(" (the file's weight tensors hold "
                        + "%,d values in all)", stored), e);
            }
            List<Layer> layers = model.layers();
            for (int i = 0; i < layers.size(); i++) {
                for (Parameter p : stored(layers.get(i))) {
                    Ops.copy(tensor(file, st, "layers." + i + "." + p.name(), p.value()), p.value());
                }
            }
            model.markInitialized();
            TrainingConfig training = meta.containsKey("training")
                    ? Json.fromJson(meta.get("training"), TrainingConfig.class) : null;
            Tensor like = Tensor.zeros(DType.F32, model.inputSize(), 1);
            FittedScaler scaler = new FittedScaler(require(file, meta, "scaler"),
                    tensor(file, st, "scaler.offset", like).toFloatArray(),
                    tensor(file, st, "scaler.scale", like).toFloatArray());
            List<String> classNames = list("class_names", Json.fromJson(require(file, meta, "class_names"),
                    String[].class));
            List<String> featureNames = meta.containsKey("feature_names")
                    ? list("feature_names", Json.fromJson(meta.get("feature_names"), String[].class)) : List.of();
            int[] classes = meta.containsKey("classes") ? Json.fromJson(meta.get("classes"), int[].class) : null;
            List<EpochLog> history = meta.containsKey("history")
                    ? list("history", Json.fromJson(meta.get("history"), EpochLog[].class)) : List.of();
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (meta.containsKey("metrics")) {
                Json.fromJson(meta.get("metrics"), JsonObject.class).entrySet()
                        .forEach(e -> metrics.put(e.getKey(), e.getValue().getAsDouble()));
            }
            SavedModel.Origin origin = new SavedModel.Origin(meta.get("nn4j_version"),
                    meta.containsKey("created") ? Instant.parse(meta.get("created")) : null, version(file, meta));
            return new SavedModel(model, training, scaler, classNames, featureNames, classes, history, metrics,
                    origin);
        } catch (IllegalArgumentException | DateTimeParseException | IllegalStateException
                | UnsupportedOperationException | ClassCastException e) {
            throw new ModelFileException(file, Problem.NOT_A_MODEL, e.getMessage(), e);
        } catch (NullPointerException e) {
            throw new ModelFileException(file, Problem.NOT_A_MODEL, "the metadata holds a JSON null where a value is "
                    + "needed", e);
        }
    }

    /** The entries of a metadata array, none of which may be a JSON null. */
    private static <T> List<T> list(String key, T[] entries) {
        for (int i = 0; i < entries.length; i++) {
            if (entries[i] == null) {
                throw new IllegalArgumentException("\"" + key + "\" holds null at index " + i);
            }
        }
        return List.of(entries);
    }

    /** What a layer keeps in the file: its parameters, then its non-trainable state. */
    private static List<Parameter> stored(Layer layer) {
        List<Parameter> all = new ArrayList<>(layer.parameters());
        all.addAll(layer.state());
        return all;
    }

    /** Stored tensor {@code name}, which must have the shape of {@code like}. */
    static Tensor tensor(Path file, SafetensorsFile st, String name, Tensor like) throws ModelFileException {
        NamedArray a = st.tensors().get(name);
        if (a == null) {
            throw new ModelFileException(file, Problem.SHAPE_MISMATCH, "tensor " + name
                    + " is missing but the architecture needs one of " + like.shape());
        }
        Tensor stored;
        try {
            stored = a.toTensor(like.dtype());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new ModelFileException(file, Problem.SHAPE_MISMATCH, e.getMessage(), e);
        }
        if (!stored.sameShape(like)) {
            throw new ModelFileException(file, Problem.SHAPE_MISMATCH, "tensor " + name + " is " + stored.shape()
                    + " but the architecture needs " + like.shape());
        }
        return stored;
    }

    private static String require(Path file, Map<String, String> meta, String key) throws ModelFileException {
        String v = meta.get(key);
        if (v == null) {
            throw new ModelFileException(file, Problem.NOT_A_MODEL, "the metadata lacks \"" + key + "\"");
        }
        return v;
    }
}
