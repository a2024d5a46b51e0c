package org.nn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.Version;
import org.nn4j.activations.Activation;
import org.nn4j.data.Scaling;
import org.nn4j.io.ModelFileException.Problem;
import org.nn4j.layers.Dense;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;

/** Each way a model file can be unloadable gives its own {@link Problem}; every changed byte is caught. */
class ModelFileIntegrityTest {
    @TempDir
    Path dir;

    private Path saved() throws IOException {
        Sequential model = new Sequential(4, Loss.CATEGORICAL_CROSSENTROPY,
                new Dense(5, Activation.TANH), new Dense(3, Activation.SOFTMAX)).initialize(7);
        Path file = dir.resolve("m.nn");
        new SavedModel(model, null, Scaling.none(4), List.of("cat", "dog", "eel"), null, List.of())
                .withMetrics(Map.of("test_accuracy", 0.875)).save(file);
        return file;
    }

    private static Problem problemLoading(Path file) {
        return assertThrows(ModelFileException.class, () -> ModelFile.load(file)).problem();
    }

    @Test
    void recordsVersionCreationTimeAndMetrics() throws IOException {
        Instant before = Instant.now().minusSeconds(1);
        SavedModel back = SavedModel.load(saved());
        assertEquals(Version.current(), back.origin().nn4jVersion());
        assertEquals(2, back.origin().formatVersion());
        assertTrue(!back.origin().created().isBefore(before)
                && Duration.between(back.origin().created(), Instant.now()).toSeconds() < 60, back.origin()::toString);
        assertEquals(Map.of("test_accuracy", 0.875), back.metrics());
        assertTrue(Version.current().matches("\\d+\\.\\d+\\.\\d+.*"), Version.current());
    }

    @Test
    void aTruncatedFileIsReportedAsTruncated() throws IOException {
        Path file = saved();
        byte[] bytes = Files.readAllBytes(file);
        for (int keep : new int[] {bytes.length - 1, bytes.length / 2, 100, 5}) {
            Files.write(file, Arrays.copyOf(bytes, keep));
            ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(file));
            assertEquals(Problem.TRUNCATED, e.problem(), e.getMessage());
            assertTrue(e.getMessage().startsWith(file + ": truncated: "), e.getMessage());
        }
    }

    @Test
    void aFlippedByteInTheWeightsIsReportedAsCorrupted() throws IOException {
        Path file = saved();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 40] ^= 0x01; // inside the scaler tensors, the last in the file
        Files.write(file, bytes);
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(file));
        assertEquals(Problem.CORRUPTED, e.problem());
        assertTrue(e.getMessage().contains("does not match its checksum"), e.getMessage());
    }

    @Test
    void aChangedClassNameIsReportedAsCorrupted() throws IOException {
        Path file = saved();
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        Files.write(file, text.replace("\\\"dog\\\"", "\\\"dig\\\"").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(Problem.CORRUPTED, problemLoading(file));
    }

    @Test
    void everySingleFlippedBitIsCaught() throws IOException {
        Path file = saved();
        byte[] good = Files.readAllBytes(file);
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x01;
            Files.write(file, bad);
            try {
                ModelFile.load(file);
                fail("flipping bit 0 of byte " + i + " of " + good.length + " went unnoticed");
            } catch (ModelFileException expected) {
                // every problem kind is a detection here; the tests above pin which kind is which
            }
        }
    }

    @Test
    void aFutureFormatVersionIsReportedAsUnsupported() throws IOException {
        Path file = saved();
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        Files.write(file, text.replace("\"format_version\":\"2\"", "\"format_version\":\"7\"")
                .getBytes(StandardCharsets.ISO_8859_1));
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(file));
        assertEquals(Problem.UNSUPPORTED_VERSION, e.problem());
        assertTrue(e.getMessage().contains("format version 7 (written by nn4j " + Version.current()
                + "); nn4j " + Version.current() + " reads versions 1 to 2: upgrade nn4j"), e.getMessage());
    }

    @Test
    void weightsOfTheWrongShapeAreReportedAsAShapeMismatch() throws IOException {
        Path file = saved();
        SafetensorsFile st = Safetensors.read(file);
        Map<String, String> meta = new LinkedHashMap<>(st.metadata());
        meta.put("model", meta.get("model").replace("\"units\":5", "\"units\":6"));
        reseal(file, meta, st);
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(file));
        assertEquals(Problem.SHAPE_MISMATCH, e.problem());
        assertTrue(e.getMessage().endsWith("weights do not fit the architecture: tensor layers.0.W is 5×4 but the "
                + "architecture needs 6×4"), e.getMessage());
    }

    @Test
    void aFileWithoutItsRequiredChecksumIsCorrupted() throws IOException {
        Path file = saved();
        SafetensorsFile st = Safetensors.read(file);
        Map<String, String> meta = new LinkedHashMap<>(st.metadata());
        meta.remove(ContentDigest.KEY);
        Safetensors.write(file, meta, tensors(st), Map.of());
        assertEquals(Problem.CORRUPTED, problemLoading(file));
    }

    @Test
    void formatVersionOneFilesStillLoad() throws IOException {
        Path file = saved();
        SavedModel v2 = ModelFile.load(file);
        SafetensorsFile st = Safetensors.read(file);
        Map<String, String> meta = new LinkedHashMap<>(st.metadata());
        for (String key : List.of(ContentDigest.KEY, "nn4j_version", "created", "metrics")) {
            meta.remove(key);
        }
        meta.put("format_version", "1");
        Safetensors.write(file, meta, tensors(st), Map.of());
        SavedModel v1 = ModelFile.load(file);
        assertEquals(1, v1.origin().formatVersion());
        assertArrayEquals(v2.model().parameters().toFloatArray(), v1.model().parameters().toFloatArray(), 0f);
    }

    /** Rewrites a file with new metadata and a checksum that matches it, as a buggy writer would. */
    private static void reseal(Path file, Map<String, String> meta, SafetensorsFile st) throws IOException {
        Map<String, Tensor> tensors = tensors(st);
        meta.put(ContentDigest.KEY, ContentDigest.of(Safetensors.read(Safetensors.toBytes(meta, tensors, Map.of()))));
        Safetensors.write(file, meta, tensors, Map.of());
    }

    private static Map<String, Tensor> tensors(SafetensorsFile st) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        st.tensors().forEach((name, a) -> tensors.put(name, a.toTensor(DType.F32)));
        return tensors;
    }
}
