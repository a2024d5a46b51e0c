package org.nn4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.activations.Activation;
import org.nn4j.data.Scaling;
import org.nn4j.io.ModelFileException.Problem;
import org.nn4j.layers.Dense;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.Tensor;

/** A small model file whose metadata lies about sizes or holds nulls fails with a message, never an Error. */
class HostileModelFileTest {
    @TempDir
    Path dir;

    /** A 4-5-3 model's file with {@code edit} applied to its metadata, the checksum recomputed or dropped. */
    private Path edited(java.util.function.UnaryOperator<Map<String, String>> edit, boolean version1)
            throws IOException {
        Sequential model = new Sequential(4, Loss.CATEGORICAL_CROSSENTROPY,
                new Dense(5, Activation.TANH), new Dense(3, Activation.SOFTMAX)).initialize(7);
        Path file = dir.resolve("m.nn");
        new SavedModel(model, null, Scaling.none(4), List.of("cat", "dog", "eel"), null, List.of()).save(file);
        SafetensorsFile st = Safetensors.read(file);
        Map<String, String> meta = edit.apply(new LinkedHashMap<>(st.metadata()));
        meta.remove(ContentDigest.KEY);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        st.tensors().forEach((name, a) -> tensors.put(name, a.toTensor(org.nn4j.tensor.DType.F32)));
        if (version1) {
            meta.put("format_version", "1");
        } else {
            meta.put(ContentDigest.KEY, ContentDigest.of(Safetensors.read(Safetensors.toBytes(meta, tensors,
                    Map.of()))));
        }
        Files.write(file, Safetensors.toBytes(meta, tensors, Map.of()));
        assertTrue(Files.size(file) < 4096, "a small file: " + Files.size(file));
        return file;
    }

    private static Map<String, String> units(Map<String, String> meta, int units) {
        meta.put("model", meta.get("model").replaceFirst("\"units\":5", "\"units\":" + units)
                .replaceFirst("\"inputSize\":4", "\"inputSize\":" + units));
        return meta;
    }

    @Test
    void anArchitectureLargerThanTheStoredTensorsIsRefusedBeforeAllocation() throws IOException {
        for (boolean v1 : new boolean[]{true, false}) {
            for (int units : new int[]{100_000, 46_341, 20_000, 1_100}) {
                Path file = edited(m -> units(m, units), v1);
                ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(file));
                assertEquals(Problem.NOT_A_MODEL, e.problem(), e.getMessage());
                assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
                assertTrue(e.getMessage().contains("larger than one Java array holds")
                        || e.getMessage().contains("more than the 1,048,576 allowed (the file's weight tensors hold 43 "
                        + "values in all)"), e.getMessage());
            }
        }
    }

    @Test
    void nullsInTheMetadataAreNamed() throws IOException {
        Path history = edited(m -> {
            m.put("history", "[null]");
            return m;
        }, false);
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(history));
        assertEquals(history + ": not an nn4j model file: \"history\" holds null at index 0", e.getMessage());
        Path names = edited(m -> {
            m.put("class_names", "[\"cat\",null,\"eel\"]");
            return m;
        }, false);
        assertTrue(assertThrows(ModelFileException.class, () -> ModelFile.load(names)).getMessage()
                .endsWith("\"class_names\" holds null at index 1"));
        Path metrics = edited(m -> {
            m.put("metrics", "{\"loss\":null}");
            return m;
        }, false);
        assertEquals(Problem.NOT_A_MODEL, assertThrows(ModelFileException.class, () -> ModelFile.load(metrics))
                .problem());
    }

    @Test
    void aMissingFileOrADirectoryIsNamed() {
        Path none = dir.resolve("none.nn");
        ModelFileException missing = assertThrows(ModelFileException.class, () -> ModelFile.load(none));
        assertEquals(Problem.NOT_FOUND, missing.problem());
        assertTrue(missing.getMessage().startsWith(none + ": no such file"), missing.getMessage());
        ModelFileException directory = assertThrows(ModelFileException.class, () -> ModelFile.load(dir));
        assertEquals(Problem.DIRECTORY, directory.problem());
        assertTrue(directory.getMessage().startsWith(dir + ": a directory, not a model file"), directory.getMessage());
    }
}
