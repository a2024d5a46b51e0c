package org.nn4j.io.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.activations.Activation;
import org.nn4j.data.Dataset;
import org.nn4j.data.FashionMnist;
import org.nn4j.data.FittedScaler;
import org.nn4j.data.Scaling;
import org.nn4j.io.SavedModel;
import org.nn4j.initializers.Initializer;
import org.nn4j.layers.ActivationLayer;
import org.nn4j.layers.AvgPool2D;
import org.nn4j.layers.BatchNorm;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Dropout;
import org.nn4j.layers.Flatten;
import org.nn4j.layers.GlobalAveragePooling2D;
import org.nn4j.layers.MaxPool2D;
import org.nn4j.layers.Padding;
import org.nn4j.regularizers.Regularizer;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.DType;
import org.nn4j.training.Trainer;
import org.nn4j.training.TrainingConfig;

/** ONNX Runtime, loading the exported file, gives nn4j's own outputs. */
class OnnxExporterTest {
    @TempDir
    Path dir;

    /** Runs an ONNX model on n samples (sample-major) in ONNX Runtime; returns the output, sample-major. */
    private static double[] runtime(byte[] onnx, float[] x, int n, int d, DType dtype) throws OrtException {
        return runtime(onnx, x, new long[] {n, d}, dtype);
    }

    /** Runs an ONNX model on an input of the given shape ([N, d] or [N, C, H, W]); returns the output flat. */
    private static double[] runtime(byte[] onnx, float[] x, long[] shape, DType dtype) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
            OnnxTensor input;
            if (dtype == DType.F32) {
                input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
            } else {
                double[] xd = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    xd[i] = x[i];
                }
                input = OnnxTensor.createTensor(env, DoubleBuffer.wrap(xd), shape);
            }
            try (input; OrtSession.Result result = session.run(Map.of(OnnxGraph.INPUT, input))) {
                OnnxTensor out = (OnnxTensor) result.get("output").orElseThrow();
                if (dtype == DType.F32) {
                    FloatBuffer fb = out.getFloatBuffer();
                    double[] v = new double[fb.remaining()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = fb.get(i);
                    }
                    return v;
                }
                DoubleBuffer db = out.getDoubleBuffer();
                double[] v = new double[db.remaining()];
                db.get(v);
                return v;
            }
        }
    }

    private static double[] widen(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    /** Dense, batch-norm and dropout layers, trained for an epoch so the running statistics are not 0 and 1. */
    @Test
    void onnxRuntimeReproducesAFashionMnistClassifierOnTheWholeTestSet() throws Exception {
        Dataset train = FashionMnist.load("train", m -> { });
        Dataset test = FashionMnist.load("test", m -> { });
        Sequential model = new Sequential(784, Loss.CATEGORICAL_CROSSENTROPY,
                new Dense(64, Activation.RELU), new BatchNorm(), new Dropout(0.2), new Dense(32, Activation.TANH),
                new BatchNorm(), new Dropout(0.1), new Dense(10, Activation.SOFTMAX));
        new Trainer(TrainingConfig.builder().epochs(1).batchSize(128).seed(2).build()).fit(model, train);
        Path file = dir.resolve("fashion.onnx");
        OnnxExporter.export(SavedModel.of(model), file);

        double[] expected = widen(model.predict(test.features(), test.size()));
        double[] actual = runtime(Files.readAllBytes(file), test.features(), test.size(), 784, DType.F32);
        assertEquals(10 * 10_000, actual.length);
        assertArrayEquals(expected, actual, 1e-5);
        assertTrue(model.evaluate(test).accuracy() > 0.8, "a trained model, not a constant one");
    }

    /**
     * LeNet-5 with batch normalisation after each convolution, trained for an epoch on 12,000 training images so the
     * weights and running statistics are a trained model's; ONNX Runtime reads [N, 1, 28, 28] and gives nn4j's
     * probabilities on all 10,000 test images.
     */
    @Test
    void onnxRuntimeReproducesLeNet5WithBatchNormOnTheWholeTestSet() throws Exception {
        Dataset train = FashionMnist.load("train", m -> { }).select(Dataset.permutation(60_000, 3));
        Dataset subset = train.select(java.util.stream.IntStream.range(0, 12_000).toArray());
        Dataset test = FashionMnist.load("test", m -> { });
        Sequential model = new Sequential(FashionMnist.SHAPE, Loss.CATEGORICAL_CROSSENTROPY, DType.F32, List.of(
                new Conv2D(6, 5, 1, Padding.of(2)), new BatchNorm(), new ActivationLayer(Activation.RELU),
                new MaxPool2D(2), new Conv2D(16, 5), new BatchNorm(), new ActivationLayer(Activation.RELU),
                new MaxPool2D(2), new Flatten(), new Dense(120, Activation.RELU), new Dense(84, Activation.RELU),
                new Dense(10, Activation.SOFTMAX)));
        new Trainer(TrainingConfig.builder().epochs(1).batchSize(64).seed(2).build()).fit(model, subset);
        Path file = dir.resolve("lenet5.onnx");
        OnnxExporter.export(SavedModel.of(model), file);

        double[] expected = widen(model.predict(test.features(), test.size()));
        double[] actual = runtime(Files.readAllBytes(file), test.features(), new long[] {test.size(), 1, 28, 28},
                DType.F32);
        assertEquals(10 * 10_000, actual.length);
        assertArrayEquals(expected, actual, 1e-5);
        double accuracy = model.evaluate(test).accuracy();
        assertTrue(accuracy > 0.75, "a trained model, not a constant one: accuracy " + accuracy);
    }

    /**
     * Every image layer and setting the exporter writes — strides, same and explicit padding, a convolution without
     * bias, max and average pooling with padding, global average pooling, per-channel batch norm with running
     * statistics away from 0 and 1, an activation on an image, dropout, input scaling on an image. Float32 only:
     * ONNX Runtime's CPU kernels for Conv and AveragePool take no doubles (a float64 model exports as DOUBLE all
     * the same).
     */
    @Test
    void everyImageLayerMatches() throws Exception {
        DType dtype = DType.F32;
        SplittableRandom rng = new SplittableRandom(6);
        int n = 7;
        org.nn4j.tensor.Shape shape = org.nn4j.tensor.Shape.image(2, 9, 8);
        float[] x = new float[n * shape.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (1 + rng.nextGaussian());
        }
        FittedScaler scaler = Scaling.standard(Dataset.unlabeled(x, shape.size()));
        Sequential model = new Sequential(shape, Loss.CATEGORICAL_CROSSENTROPY, dtype, List.of(
                new Conv2D(4, 3, 3, 2, 1, Padding.SAME, true, Initializer.GLOROT_UNIFORM, Regularizer.NONE, 0),
                new BatchNorm(), new ActivationLayer(Activation.TANH), new MaxPool2D(3, 2, Padding.of(1)),
                new Conv2D(5, 2, 3, 1, 1, new Padding("explicit", 1, 2), false, Initializer.HE_NORMAL,
                        Regularizer.NONE, 0),
                new ActivationLayer(Activation.leakyRelu(0.1)), new Dropout(0.3), new AvgPool2D(2, 1, Padding.of(1)),
                new Conv2D(3, 2), new GlobalAveragePooling2D(), new Dense(4, Activation.SOFTMAX))).initialize(5);
        BatchNorm norm = (BatchNorm) model.layers().get(1);
        for (int c = 0; c < 4; c++) {
            norm.state().get(0).value().setFlat(c, 0.2 * c - 0.3);
            norm.state().get(1).value().setFlat(c, 0.4 + 0.5 * c);
            norm.parameters().get(0).value().setFlat(c, 1.2 - 0.3 * c);
            norm.parameters().get(1).value().setFlat(c, 0.1 * c);
        }
        double[] expected = widen(model.predict(scaler.transform(x, shape.size()), n));
        double[] actual = runtime(OnnxExporter.toBytes(model, scaler), x, new long[] {n, 2, 9, 8}, dtype);
        assertEquals(n * 4, actual.length);
        assertArrayEquals(expected, actual, 1e-6);
    }

    /** A model ending in an image (no Flatten) still gives [N, outputs], in nn4j's channel-major order. */
    @Test
    void anImageOutputIsFlattenedChannelByChannel() throws Exception {
        org.nn4j.tensor.Shape shape = org.nn4j.tensor.Shape.image(1, 4, 4);
        Sequential model = new Sequential(shape, Loss.MEAN_SQUARED_ERROR, DType.F32,
                List.of(new Conv2D(2, 3, 1, Padding.SAME))).initialize(2);
        float[] x = new float[2 * 16];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        double[] actual = runtime(OnnxExporter.toBytes(model, null), x, new long[] {2, 1, 4, 4}, DType.F32);
        assertArrayEquals(widen(model.predict(x, 2)), actual, 1e-6);
    }

    /** Every activation, batch norm, dropout and input scaling, both precisions, on random data. */
    private static void everyActivationMatches(DType dtype) throws Exception {
        // the scaler is fitted on these very inputs, so it is far from the identity: offsets ≈ 3, scales ≈ 1/2
        SplittableRandom rng = new SplittableRandom(4);
        int n = 50;
        int d = 5;
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (3 + 2 * rng.nextGaussian());
        }
        Dataset data = Dataset.regression(x, d, new float[n * 3], 3);
        FittedScaler scaler = Scaling.standard(data);
        Sequential model = new Sequential(d, Loss.MEAN_SQUARED_ERROR, dtype, List.of(
                new Dense(7, Activation.SIGMOID), new Dense(6, Activation.leakyRelu(0.2)),
                new Dense(6, Activation.LINEAR), new BatchNorm(0.1, 1e-3), new Dense(5, Activation.TANH),
                new Dropout(0.5), new Dense(4, Activation.RELU), new Dense(3, Activation.LINEAR))).initialize(9);
        // running statistics away from their start (0 and 1), as training would leave them
        BatchNorm norm = (BatchNorm) model.layers().get(3);
        for (int j = 0; j < 6; j++) {
            norm.state().get(0).value().setFlat(j, 0.1 * j - 0.2);
            norm.state().get(1).value().setFlat(j, 0.5 + 0.3 * j);
            norm.parameters().get(0).value().setFlat(j, 1.5 - 0.2 * j);
            norm.parameters().get(1).value().setFlat(j, 0.05 * j);
        }
        double[] expected = widen(model.predict(scaler.transform(x, d), n));
        double[] actual = runtime(OnnxExporter.toBytes(model, scaler), x, n, d, dtype);
        assertArrayEquals(expected, actual, 1e-5);
    }

    @Test
    void everyLayerKindAndTheInputScalingMatchInFloat32() throws Exception {
        everyActivationMatches(DType.F32);
    }

    @Test
    void everyLayerKindAndTheInputScalingMatchInFloat64() throws Exception {
        everyActivationMatches(DType.F64);
    }

    @Test
    void tanhAndSoftmaxMatchInFloat64() throws Exception {
        Sequential model = new Sequential(4, Loss.CATEGORICAL_CROSSENTROPY, DType.F64, List.of(
                new Dense(6, Activation.TANH), new Dense(3, Activation.SOFTMAX))).initialize(3);
        float[] x = {1, 2, 3, 4, -1, 0.5f, 0, 2, 9, -3, 2, 2};
        double[] expected = widen(model.predict(x, 3));
        assertArrayEquals(expected, runtime(OnnxExporter.toBytes(model, null), x, 3, 4, DType.F64), 1e-6);
    }

    @Test
    void theFileIsWrittenAtomicallyAndNamesItsProducer() throws IOException {
        Sequential model = new Sequential(2, Loss.BINARY_CROSSENTROPY, new Dense(1, Activation.SIGMOID)).initialize(1);
        Path file = dir.resolve("m.onnx");
        OnnxExporter.export(SavedModel.of(model), file);
        String text = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("nn4j") && text.contains("Gemm") && text.contains("Sigmoid"), text);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    /** A layer nn4j's exporter does not know: the identity, as a user might write one. */
    private static final class Passthrough implements org.nn4j.layers.Layer {
        private org.nn4j.tensor.Shape shape;

        @Override
        public org.nn4j.tensor.Shape build(org.nn4j.tensor.Shape input, DType dtype) {
            shape = input;
            return shape;
        }

        @Override
        public List<org.nn4j.layers.Parameter> parameters() {
            return List.of();
        }

        @Override
        public org.nn4j.tensor.Shape inputShape() {
            return shape;
        }

        @Override
        public org.nn4j.tensor.Shape outputShape() {
            return shape;
        }

        @Override
        public org.nn4j.tensor.Tensor forward(org.nn4j.tensor.Tensor x, boolean training) {
            return x;
        }

        @Override
        public org.nn4j.tensor.Tensor backward(org.nn4j.tensor.Tensor dA, boolean needInputGradient) {
            return dA;
        }

        @Override
        public org.nn4j.layers.LayerConfig config() {
            return () -> this;
        }

        @Override
        public String describe() {
            return "Passthrough";
        }
    }

    @Test
    void aLayerWithoutAnOnnxFormIsNamed() {
        Sequential model = new Sequential(2, Loss.MEAN_SQUARED_ERROR, DType.F32,
                List.of(new Passthrough(), new Dense(1, Activation.LINEAR))).initialize(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExporter.toBytes(model, null));
        assertEquals("layers.0 (Passthrough) has no ONNX form in this nn4j", e.getMessage());
    }
}
