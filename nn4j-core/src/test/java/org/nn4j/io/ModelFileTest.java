package org.nn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.activations.Activation;
import org.nn4j.data.Dataset;
import org.nn4j.data.FittedScaler;
import org.nn4j.data.Scaling;
import org.nn4j.layers.BatchNorm;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Dropout;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;
import org.nn4j.training.History;
import org.nn4j.training.Trainer;
import org.nn4j.training.TrainingConfig;

class ModelFileTest {
    @TempDir
    Path dir;

    private static Dataset data() {
        SplittableRandom rng = new SplittableRandom(2);
        int n = 200;
        float[] x = new float[n * 4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 4; j++) {
                x[4 * i + j] = (float) (10 * y[i] + j + rng.nextGaussian());
            }
        }
        return Dataset.classification(x, 4, y, List.of("a", "b", "c"));
    }

    private SavedModel trained() {
        Dataset d = data();
        FittedScaler scaler = Scaling.fit("standard", d);
        Sequential model = new Sequential(4, Loss.CATEGORICAL_CROSSENTROPY,
                new Dense(8, Activation.TANH), new Dense(3, Activation.SOFTMAX));
        TrainingConfig config = TrainingConfig.builder().epochs(3).batchSize(16).seed(4).build();
        History h = new Trainer(config).fit(model, scaler.transform(d));
        return new SavedModel(model, config, scaler, d.classNames(), new int[]{0, 1, 2}, h.epochs());
    }

    @Test
    void saveThenLoadPredictsIdentically() throws IOException {
        SavedModel saved = trained();
        Path file = dir.resolve("m.nn");
        ModelFile.save(file, saved);
        SavedModel back = ModelFile.load(file);
        assertEquals(saved.model().config(), back.model().config());
        assertEquals(saved.training(), back.training());
        assertEquals(saved.scaler(), back.scaler());
        assertEquals(List.of("a", "b", "c"), back.classNames());
        assertEquals(3, back.history().size());
        assertEquals(saved.history().get(2).get("loss"), back.history().get(2).get("loss"));
        float[] x = saved.scaler().transform(data().features(), 4);
        assertArrayEquals(saved.model().predict(x, 200), back.model().predict(x, 200), 0f);
        assertArrayEquals(saved.model().parameters().toFloatArray(), back.model().parameters().toFloatArray(), 0f);
    }

    @Test
    void batchNormRunningStatisticsAreSavedAndLoaded() throws IOException {
        Dataset d = Scaling.fit("standard", data()).transform(data());
        Sequential model = new Sequential(4, Loss.CATEGORICAL_CROSSENTROPY,
                new Dense(8, Activation.RELU), new BatchNorm(), new Dropout(0.3), new Dense(3, Activation.SOFTMAX));
        TrainingConfig config = TrainingConfig.builder().epochs(2).batchSize(16).seed(4).build();
        History h = new Trainer(config).fit(model, d);
        Path file = dir.resolve("bn.nn");
        ModelFile.save(file, new SavedModel(model, config, Scaling.none(4), d.classNames(), null, h.epochs()));
        SafetensorsFile st = Safetensors.read(file);
        Tensor mean = st.tensor("layers.1.running_mean", DType.F32);
        assertArrayEquals(model.layers().get(1).state().get(0).value().toFloatArray(), mean.toFloatArray(), 0f);
        assertTrue(Math.abs(mean.getFlat(0)) > 0, "the running mean has moved from its initial 0");
        SavedModel back = ModelFile.load(file);
        assertArrayEquals(model.state().toFloatArray(), back.model().state().toFloatArray(), 0f);
        assertEquals(2 * 8, back.model().stateCount());
        assertArrayEquals(model.predict(d.features(), 200), back.model().predict(d.features(), 200), 0f);
    }

    @Test
    void theFileIsPlainSafetensors() throws IOException {
        Path file = dir.resolve("m.nn");
        ModelFile.save(file, trained());
        SafetensorsFile st = Safetensors.read(file);
        assertEquals(List.of(8L, 4L), List.of(st.get("layers.0.W").shape()[0], st.get("layers.0.W").shape()[1]));
        assertEquals("nn4j-model", st.metadata().get("format"));
        assertTrue(st.metadata().get("model").contains("\"units\":8"));
    }

    @Test
    void aTruncatedFileFailsNamingTheFile() throws IOException {
        Path file = dir.resolve("m.nn");
        ModelFile.save(file, trained());
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.nn");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        IOException e = assertThrows(IOException.class, () -> ModelFile.load(cut));
        assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
    }

    @Test
    void weightsThatDoNotFitTheArchitectureAreRefused() throws IOException {
        SavedModel saved = trained();
        Path file = dir.resolve("bad.nn");
        String config = org.nn4j.config.Json.toJson(saved.model().config()).replace("\"units\":8", "\"units\":9");
        Safetensors.write(file, Map.of("format", "nn4j-model", "format_version", "1", "dtype", "float32",
                        "model", config, "scaler", "none", "class_names", "[]"),
                Map.of("layers.0.W", Tensor.zeros(DType.F32, 8, 4)), Map.of());
        IOException e = assertThrows(IOException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().contains("layers.0.W is 8×4 but the architecture needs 9×4"), e.getMessage());
    }

    @Test
    void anOtherSafetensorsFileIsNotAModel() throws IOException {
        Path file = dir.resolve("plain.safetensors");
        Safetensors.write(file, Map.of(), Map.of("w", Tensor.zeros(DType.F32, 2, 2)), Map.of());
        IOException e = assertThrows(IOException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().contains("not an nn4j model file"), e.getMessage());
    }
}
