package org.nn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.models.Architecture;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.DType;

/**
 * PyTorch's {@code nn.Sequential(Linear(6,5), ReLU(), Linear(5,4), Tanh(), Linear(4,3), Softmax(dim=1))} with seed 0,
 * its state dict saved as safetensors and its outputs on four inputs, made once by
 * {@code src/test/resources/torch/make_reference.py}.
 */
class TorchWeightsTest {
    private static final String ARCH = "6-5r-4t-3s";

    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(TorchWeightsTest.class.getResource("/torch/" + name).toURI());
    }

    /** Rows of numbers from the expected-output file: 4 input rows, then 4 output rows. */
    private static float[][] expected() throws Exception {
        return Files.readAllLines(resource("mlp_expected.txt")).stream().filter(l -> !l.startsWith("#"))
                .map(l -> {
                    String[] parts = l.trim().split(" ");
                    float[] row = new float[parts.length];
                    for (int i = 0; i < parts.length; i++) {
                        row[i] = Float.parseFloat(parts[i]);
                    }
                    return row;
                }).toArray(float[][]::new);
    }

    private static float[] flatten(float[][] rows, int from, int to) {
        int width = rows[from].length;
        float[] out = new float[(to - from) * width];
        for (int r = from; r < to; r++) {
            System.arraycopy(rows[r], 0, out, (r - from) * width, width);
        }
        return out;
    }

    @Test
    void importedPyTorchWeightsPredictWhatPyTorchPredicted() throws Exception {
        float[][] rows = expected();
        for (DType dtype : DType.values()) {
            Sequential model = TorchWeights.load(resource("mlp.safetensors"), ARCH, dtype);
            assertArrayEquals(flatten(rows, 4, 8), model.predict(flatten(rows, 0, 4), 4), 1e-6f, dtype.toString());
        }
    }

    @Test
    void importThenExportGivesTheSameTensors() throws Exception {
        Path original = resource("mlp.safetensors");
        Path exported = dir.resolve("back.safetensors");
        TorchWeights.save(TorchWeights.load(original, ARCH, DType.F32), exported);
        SafetensorsFile a = Safetensors.read(original);
        SafetensorsFile b = Safetensors.read(exported);
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"),
                List.copyOf(b.tensors().keySet()));
        assertEquals(a.tensors().keySet(), b.tensors().keySet());
        for (String name : a.tensors().keySet()) {
            NamedArray x = a.get(name);
            NamedArray y = b.get(name);
            assertEquals(x.dtype(), y.dtype(), name);
            assertArrayEquals(x.shape(), y.shape(), name);
            assertEquals(x.rawBytes(), y.rawBytes(), name);
        }
        assertEquals(ARCH, b.metadata().get(TorchWeights.ARCH_KEY));
        Sequential again = TorchWeights.load(exported, null, DType.F32);
        assertEquals(ARCH, Architecture.format(again));
    }

    @Test
    void exportNamesModulesAsPyTorchNumbersThem() throws IOException {
        Sequential model = Architecture.parse("3-4-2r-2s", DType.F32).initialize(1);
        Path file = dir.resolve("w.safetensors");
        TorchWeights.save(model, file);
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "3.weight", "3.bias"),
                List.copyOf(Safetensors.read(file).tensors().keySet()));
        assertEquals("nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2), nn.ReLU(), nn.Linear(2, 2), nn.Softmax(dim=1))",
                TorchWeights.pytorchSource(model));
    }

    @Test
    void mismatchesAreNamed() throws Exception {
        Path file = resource("mlp.safetensors");
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> TorchWeights.load(file, "6-7r-4t-3s", DType.F32));
        assertTrue(shape.getMessage().endsWith("tensor 0.weight is [5, 6] but the architecture needs [7, 6]"),
                shape.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> TorchWeights.load(file, "6-5r-3s", DType.F32));
        assertTrue(count.getMessage().endsWith("3 Linear modules (at positions [0, 2, 4]) but the architecture "
                + "6-5r-3s has 2 layers"), count.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> TorchWeights.load(file, null, DType.F32));
        assertTrue(none.getMessage().contains("does not record its architecture"), none.getMessage());
    }

    @Test
    void architectureSpecsReadAndWriteBack() {
        Sequential m = Architecture.parse("784-256r-128leaky_relu:0.2-64l-32g-16t-10s", DType.F32);
        assertEquals("784-256r-128leaky_relu:0.2-64l-32g-16t-10s", Architecture.format(m));
        assertEquals("categorical_crossentropy", m.loss().name());
        assertEquals("binary_crossentropy", Architecture.parse("4-1g", DType.F32).loss().name());
        assertEquals("mse", Architecture.parse("4-2", DType.F32).loss().name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Architecture.parse("784-r-10s", DType.F32));
        assertEquals("architecture '784-r-10s': 'r' does not start with a positive number of units", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Architecture.parse("784", DType.F32));
        assertThrows(IllegalArgumentException.class, () -> Architecture.parse("784-10x", DType.F32));
    }
}
