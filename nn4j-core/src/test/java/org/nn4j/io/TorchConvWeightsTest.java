package org.nn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.activations.Activation;
import org.nn4j.data.Dataset;
import org.nn4j.initializers.Initializer;
import org.nn4j.layers.ActivationLayer;
import org.nn4j.layers.AvgPool2D;
import org.nn4j.layers.BatchNorm;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Dropout;
import org.nn4j.layers.Flatten;
import org.nn4j.layers.GlobalAveragePooling2D;
import org.nn4j.layers.Layer;
import org.nn4j.layers.MaxPool2D;
import org.nn4j.layers.Padding;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.Sgd;
import org.nn4j.regularizers.Regularizer;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Shape;
import org.nn4j.training.Trainer;
import org.nn4j.training.TrainingConfig;

/**
 * A PyTorch CNN — conv, BatchNorm2d, ReLU, max-pool, strided conv without bias, BatchNorm2d, tanh, average pool,
 * flatten, linear, ReLU, linear, softmax — its state dict (with running statistics and num_batches_tracked) saved as
 * safetensors with its outputs and one SGD step, made once by {@code src/test/resources/torch/make_cnn_reference.py}
 * with PyTorch 1.13.
 */
class TorchConvWeightsTest {
    private static final Shape IMAGE = Shape.image(2, 10, 10);
    private static final int N = 6;

    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(TorchConvWeightsTest.class.getResource("/torch/" + name).toURI());
    }

    /** nn4j's layers for the script's nn.Sequential. */
    private static Sequential model(DType dtype) {
        return new Sequential(IMAGE, Loss.CATEGORICAL_CROSSENTROPY, dtype, List.of(
                new Conv2D(4, 3, 1, Padding.of(1)), new BatchNorm(), new ActivationLayer(Activation.RELU),
                new MaxPool2D(2),
                new Conv2D(6, 3, 3, 2, 2, Padding.of(1), false, Initializer.HE_NORMAL, Regularizer.NONE, 0),
                new BatchNorm(), new ActivationLayer(Activation.TANH), new AvgPool2D(2, 1, Padding.VALID),
                new Flatten(), new Dense(8, Activation.RELU), new Dense(5, Activation.SOFTMAX)));
    }

    private static SafetensorsFile expected() throws Exception {
        return Safetensors.read(resource("cnn_expected.safetensors"));
    }

    @Test
    void anImportedPyTorchCnnPredictsWhatPyTorchPredictedInFloat32() throws Exception {
        Sequential model = TorchWeights.load(resource("cnn.safetensors"), model(DType.F32));
        SafetensorsFile expected = expected();
        float[] probabilities = model.predict(expected.get("input").toFloatArray(), N);
        assertArrayEquals(expected.get("probabilities").toFloatArray(), probabilities, 1e-5f);
    }

    /**
     * The float32 weights widened to float64, as PyTorch's {@code model.double()} does; one full-batch SGD step
     * (lr 0.1) in training mode, through nn4j's trainer, gives PyTorch's weights, biases and running statistics.
     */
    @Test
    void oneFullBatchSgdStepInFloat64MatchesPyTorchs() throws Exception {
        Sequential model = TorchWeights.load(resource("cnn.safetensors"), model(DType.F64));
        SafetensorsFile expected = expected();
        float[] labels = expected.get("labels").toFloatArray();
        int[] classes = new int[N];
        for (int i = 0; i < N; i++) {
            classes[i] = (int) labels[i];
        }
        Dataset data = Dataset.classification(expected.get("input").toFloatArray(), IMAGE.size(), classes,
                List.of("a", "b", "c", "d", "e")).withShape(IMAGE);
        new Trainer(TrainingConfig.builder().epochs(1).batchSize(N).shuffle(false).optimizer(new Sgd.Config(0.1, 0))
                .seed(1).build()).fit(model, data);

        Path stepped = dir.resolve("stepped.safetensors");
        TorchWeights.save(model, stepped);
        SafetensorsFile ours = Safetensors.read(stepped);
        int compared = 0;
        for (Map.Entry<String, NamedArray> e : expected.tensors().entrySet()) {
            if (e.getKey().startsWith("step.")) {
                String name = e.getKey().substring("step.".length());
                assertArrayEquals(e.getValue().toDoubleArray(), ours.get(name).toDoubleArray(), 1e-9, name);
                compared++;
            }
        }
        assertEquals(15, compared, "every weight, bias and running statistic");
    }

    @Test
    void exportWritesPyTorchsNamesShapesAndModules() throws Exception {
        Path original = resource("cnn.safetensors");
        Sequential model = TorchWeights.load(original, model(DType.F32));
        Path exported = dir.resolve("back.safetensors");
        TorchWeights.save(model, exported);
        SafetensorsFile a = Safetensors.read(original);
        SafetensorsFile b = Safetensors.read(exported);
        for (String name : a.tensors().keySet()) {
            if (name.endsWith("num_batches_tracked")) {
                assertTrue(!b.tensors().containsKey(name), "PyTorch sets it to 0 when a state dict has none");
                continue;
            }
            assertArrayEquals(a.get(name).shape(), b.get(name).shape(), name);
            assertEquals(a.get(name).rawBytes(), b.get(name).rawBytes(), name);
        }
        assertEquals(a.tensors().size() - 2, b.tensors().size());
        assertEquals("nn.Sequential(nn.Conv2d(2, 4, (3, 3), stride=(1, 1), padding=(1, 1)), "
                + "nn.BatchNorm2d(4, eps=1.0E-5, momentum=0.1), nn.ReLU(), nn.MaxPool2d(2, stride=2, padding=(0, 0)), "
                + "nn.Conv2d(4, 6, (3, 3), stride=(2, 2), padding=(1, 1), bias=False), "
                + "nn.BatchNorm2d(6, eps=1.0E-5, momentum=0.1), nn.Tanh(), nn.AvgPool2d(2, stride=1, padding=(0, 0)), "
                + "nn.Flatten(), nn.Linear(24, 8), nn.ReLU(), nn.Linear(8, 5), nn.Softmax(dim=1))",
                TorchWeights.pytorchSource(model));
        // the file records the architecture, so it loads without one and predicts the same
        Sequential again = TorchWeights.load(exported, null, DType.F32);
        float[] x = expected().get("input").toFloatArray();
        assertArrayEquals(model.predict(x, N), again.predict(x, N), 0f);
    }

    @Test
    void globalPoolingDropoutAndBatchNorm1dTakeTheirPlaces() throws Exception {
        Sequential model = new Sequential(Shape.image(1, 5, 5), Loss.CATEGORICAL_CROSSENTROPY, DType.F32, List.of(
                new Conv2D(3, 3, 1, Padding.SAME), new Dropout(0.2), new GlobalAveragePooling2D(),
                new Dense(4, Activation.LINEAR), new BatchNorm(), new Dense(2, Activation.SOFTMAX))).initialize(3);
        Path file = dir.resolve("gap.safetensors");
        TorchWeights.save(model, file);
        assertEquals(List.of("0.weight", "0.bias", "4.weight", "4.bias", "5.weight", "5.bias", "5.running_mean",
                "5.running_var", "6.weight", "6.bias"), List.copyOf(Safetensors.read(file).tensors().keySet()));
        assertEquals("nn.Sequential(nn.Conv2d(1, 3, (3, 3), stride=(1, 1), padding=(1, 1)), nn.Dropout(0.2), "
                + "nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(3, 4), nn.BatchNorm1d(4, eps=1.0E-5, "
                + "momentum=0.1), nn.Linear(4, 2), nn.Softmax(dim=1))", TorchWeights.pytorchSource(model));
        Sequential again = TorchWeights.load(file, null, DType.F32);
        assertArrayEquals(model.parameters().toFloatArray(), again.parameters().toFloatArray(), 0f);
        assertArrayEquals(model.state().toFloatArray(), again.state().toFloatArray(), 0f);
    }

    @Test
    void mismatchesAreNamed() throws Exception {
        Path file = resource("cnn.safetensors");
        List<Layer> noBatchNorm = List.of(new Conv2D(4, 3, 1, Padding.of(1)), new ActivationLayer(Activation.RELU),
                new Flatten(), new Dense(5, Activation.SOFTMAX));
        Sequential fewer = new Sequential(IMAGE, Loss.CATEGORICAL_CROSSENTROPY, DType.F32, noBatchNorm);
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> TorchWeights.load(file, fewer));
        assertTrue(count.getMessage().endsWith("6 modules with tensors (at positions [0, 1, 4, 5, 9, 11]) but the "
                + "architecture given has 2 modules with tensors: [nn.Conv2d(2, 4, (3, 3), stride=(1, 1), "
                + "padding=(1, 1)), nn.Linear(400, 5)]"), count.getMessage());

        List<Layer> wrongKernel = List.of(new Conv2D(4, 5, 1, Padding.of(1)), new BatchNorm(),
                new MaxPool2D(2), new Conv2D(6, 3, 3, 2, 2, Padding.of(1), false, Initializer.HE_NORMAL,
                        Regularizer.NONE, 0), new BatchNorm(), new Flatten(), new Dense(8, Activation.RELU),
                new Dense(5, Activation.SOFTMAX));
        Sequential kernel = new Sequential(IMAGE, Loss.CATEGORICAL_CROSSENTROPY, DType.F32, wrongKernel);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> TorchWeights.load(file, kernel));
        assertTrue(shape.getMessage().endsWith("tensor 0.weight is [4, 2, 3, 3] but the architecture needs "
                + "[4, 2, 5, 5]"), shape.getMessage());

        List<Layer> swapped = List.of(new BatchNorm(), new Conv2D(4, 3, 1, Padding.of(1)), new MaxPool2D(2),
                new Conv2D(6, 3), new BatchNorm(), new Flatten(), new Dense(8, Activation.RELU),
                new Dense(5, Activation.SOFTMAX));
        Sequential misplaced = new Sequential(IMAGE, Loss.CATEGORICAL_CROSSENTROPY, DType.F32, swapped);
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
                () -> TorchWeights.load(file, misplaced));
        assertTrue(kind.getMessage().endsWith("module 0 has no running_mean, which nn.BatchNorm2d(2, eps=1.0E-5, "
                + "momentum=0.1) needs"), kind.getMessage());
    }

    @Test
    void aLayerWithoutAPyTorchModuleIsNamed() {
        Sequential model = new Sequential(Shape.image(1, 5, 5), Loss.MEAN_SQUARED_ERROR, DType.F32, List.of(
                new Conv2D(2, 2, 2, Padding.SAME), new Flatten(), new Dense(1, Activation.LINEAR))).initialize(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TorchWeights.pytorchSource(model));
        assertEquals("Conv2D(2, 2×2, stride 2×2, same) pads unevenly (top, left, bottom, right = [0, 0, 1, 1]), "
                + "which PyTorch writes only as 'same' for a convolution of stride 1", e.getMessage());
    }
}
