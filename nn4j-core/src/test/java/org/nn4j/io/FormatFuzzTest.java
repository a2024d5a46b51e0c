package org.nn4j.io;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nn4j.activations.Activation;
import org.nn4j.data.Scaling;
import org.nn4j.layers.Dense;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;

/**
 * Coverage-guided fuzzing of the model-file parsers (Jazzer): safetensors images, and the JSON metadata of a model
 * file. Any input may be refused with an {@link IOException}; nothing else may escape. Without {@code JAZZER_FUZZ=1}
 * each test runs its saved corpus ({@code src/test/resources/org/nn4j/io/FormatFuzzTestInputs/<test>}).
 */
class FormatFuzzTest {
    private static final Path SOURCE = Path.of("fuzz.nn");
    private static final String[] KEYS = {"model", "dtype", "scaler", "class_names", "feature_names", "classes",
        "history", "metrics", "training", "created", "format_version"};
    private static final Map<String, String> META;
    private static final Map<String, Tensor> TENSORS = new LinkedHashMap<>();

    static {
        Sequential model = new Sequential(3, Loss.CATEGORICAL_CROSSENTROPY, new Dense(2, Activation.RELU),
                new Dense(3, Activation.SOFTMAX)).initialize(1);
        try {
            byte[] image = modelImage(model);
            SafetensorsFile saved = Safetensors.read(image);
            META = saved.metadata();
            saved.tensors().forEach((name, a) -> TENSORS.put(name, a.toTensor(DType.F32)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] modelImage(Sequential model) throws IOException {
        Path tmp = java.nio.file.Files.createTempFile("nn4j-fuzz", ".nn");
        try {
            new SavedModel(model, null, Scaling.none(3), List.of("a", "b", "c"), null, List.of()).save(tmp);
            return java.nio.file.Files.readAllBytes(tmp);
        } finally {
            java.nio.file.Files.deleteIfExists(tmp);
        }
    }

    /** A safetensors image: header JSON, offsets, shapes and data. */
    @FuzzTest(maxDuration = "5s")
    void safetensors(byte[] bytes) {
        SafetensorsFile st;
        try {
            st = Safetensors.read(bytes);
        } catch (IOException refused) {
            requireMessage(refused);
            return;
        }
        for (NamedArray a : st.tensors().values()) {
            try {
                a.toTensor(DType.F64);
            } catch (UnsupportedOperationException documented) {
                continue; // integer and boolean tensors have no floating-point view, as documented
            } catch (IllegalArgumentException documented) {
                requireMessage(documented); // ranks other than 1 and 2 have no matrix view, as documented
            }
        }
    }

    /** A model file whose metadata entries are replaced by fuzzed text, tensors kept: decoded as a model. */
    @FuzzTest(maxDuration = "5s")
    void modelMetadata(FuzzedDataProvider data) {
        Map<String, String> meta = new LinkedHashMap<>(META);
        meta.remove(ContentDigest.KEY);
        meta.put("format_version", "1");
        int edits = data.consumeInt(1, 3);
        for (int i = 0; i < edits; i++) {
            meta.put(data.pickValue(KEYS), data.consumeString(400));
        }
        try {
            ModelFile.decode(SOURCE, Safetensors.read(Safetensors.toBytes(meta, TENSORS, Map.of())));
        } catch (IOException refused) {
            requireMessage(refused);
        }
    }

    private static void requireMessage(Exception refused) {
        if (refused.getMessage() == null || refused.getMessage().isBlank()) {
            throw new AssertionError("a refusal without a message", refused);
        }
    }
}
