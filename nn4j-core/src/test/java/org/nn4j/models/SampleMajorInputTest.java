package org.nn4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nn4j.activations.Activation;
import org.nn4j.initializers.Initializer;
import org.nn4j.layers.BatchNorm;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Dropout;
import org.nn4j.layers.Layer;
import org.nn4j.layers.Parameter;
import org.nn4j.losses.Loss;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/** A dense layer fed sample-major rows computes what it computes on the same samples as columns. */
class SampleMajorInputTest {
    private static float[] samples(int n, int width, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble(-1, 1);
        }
        return x;
    }

    /** Feature-major columns of the samples, as training batches hold them. */
    private static Tensor columns(float[] rows, int n, int width, DType type) {
        Tensor x = Tensor.zeros(type, width, n);
        Ops.gatherColumns(rows, Batch.identity(n), 0, x);
        return x;
    }

    @Test
    void denseGivesTheSameOutputAndGradients() {
        int n = 9;
        int width = 21;
        float[] rows = samples(n, width, 1);
        Tensor rowMajor = Tensor.wrap(rows.clone(), n, width);
        Tensor dA = Tensor.of(DType.F32, 5, n, new SplittableRandom(2).doubles(5 * n, -1, 1).toArray());
        double[][] out = new double[2][];
        double[][] grads = new double[2][];
        for (int k = 0; k < 2; k++) {
            Sequential model = new Sequential(width, Loss.MEAN_SQUARED_ERROR, new Dense(5, Activation.TANH))
                    .initialize(3);
            Dense dense = (Dense) model.layers().get(0);
            Tensor a = k == 0 ? dense.forward(columns(rows, n, width, DType.F32), true)
                    : dense.forwardSamples(rowMajor, true);
            out[k] = a.toDoubleArray();
            dense.backward(dA, false);
            grads[k] = model.gradients().toDoubleArray();
        }
        assertArrayEquals(out[0], out[1], 1e-6, "outputs");
        assertArrayEquals(grads[0], grads[1], 1e-6, "dW and db");
    }

    @Test
    void predictingOnRowsBetweenForwardAndBackwardChangesNoGradient() {
        int n = 9;
        int width = 21;
        Tensor x = columns(samples(n, width, 1), n, width, DType.F32);
        Tensor other = Tensor.wrap(samples(4, width, 2), 4, width);
        Tensor dA = Tensor.of(DType.F32, 5, n, new SplittableRandom(2).doubles(5 * n, -1, 1).toArray());
        double[][] grads = new double[2][];
        for (int k = 0; k < 2; k++) {
            Sequential model = new Sequential(width, Loss.MEAN_SQUARED_ERROR, new Dense(5, Activation.TANH))
                    .initialize(3);
            Dense dense = (Dense) model.layers().get(0);
            dense.forward(x, true);
            if (k == 1) {
                dense.predictSamples(other);
            }
            dense.backward(dA, false);
            grads[k] = model.gradients().toDoubleArray();
        }
        assertArrayEquals(grads[0], grads[1], 0, "dW and db");
    }

    @Test
    void predictMatchesTheForwardPassOnColumns() {
        int n = 1500;
        int width = 30;
        float[] rows = samples(n, width, 4);
        Sequential model = new Sequential(width, Loss.CATEGORICAL_CROSSENTROPY,
                new Dense(16, Activation.RELU), new Dense(4, Activation.SOFTMAX)).initialize(5);
        float[] predicted = model.predict(rows, n);
        Tensor probs = model.forward(columns(rows, n, width, DType.F32), false);
        float[] expected = new float[n * 4];
        Ops.scatterColumns(probs, expected, 0);
        assertArrayEquals(expected, predicted, 1e-6f);
    }

    /** What predict must give: the feature-major forward pass of the samples, back in rows. */
    private static float[] onColumns(Sequential model, float[] rows, int n) {
        Tensor probs = model.forward(columns(rows, n, model.inputSize(), model.dtype()), false);
        float[] expected = new float[n * model.outputSize()];
        Ops.scatterColumns(probs, expected, 0);
        return expected;
    }

    /** An activation written outside nn4j that mixes a sample's units: a = z − (the sample's mean of z). */
    private static final class Centred implements Activation {
        @Override
        public String name() {
            return "centred";
        }

        @Override
        public void forward(Tensor z, Tensor a) {
            for (int c = 0; c < z.cols(); c++) {
                double mean = 0;
                for (int r = 0; r < z.rows(); r++) {
                    mean += z.get(r, c) / z.rows();
                }
                for (int r = 0; r < z.rows(); r++) {
                    a.set(r, c, z.get(r, c) - mean);
                }
            }
        }

        @Override
        public void backward(Tensor z, Tensor a, Tensor dA, Tensor dZ) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String derivative() {
            return "";
        }

        @Override
        public Initializer defaultInitializer() {
            return Initializer.GLOROT_UNIFORM;
        }
    }

    @Test
    void everyLayoutOfInferenceGivesTheForwardPassOnColumns() {
        int n = 1100;  // a full batch of 1024 and a partial one
        int width = 24;
        float[] rows = samples(n, width, 6);
        Loss ce = Loss.CATEGORICAL_CROSSENTROPY;
        Sequential[] models = {
            // dense layers and dropout all the way: rows throughout, the output rows the answer's
            new Sequential(width, ce, new Dense(16, Activation.TANH), new Dropout(0.3),
                    new Dense(12, Activation.leakyRelu(0.1)), new Dense(5, Activation.SOFTMAX)),
            // batch norm after two dense layers: the second turns the rows into columns
            new Sequential(width, ce, new Dense(16, Activation.RELU), new Dropout(0.2),
                    new Dense(9, Activation.SIGMOID), new BatchNorm(), new Dense(5, Activation.SOFTMAX)),
            // batch norm first: columns throughout
            new Sequential(width, ce, new BatchNorm(), new Dense(7, Activation.RELU), new Dense(5, Activation.SOFTMAX)),
            // an activation nn4j does not know: its layer gets columns
            new Sequential(width, Loss.MEAN_SQUARED_ERROR, new Dense(8, Activation.RELU), new Dense(6, new Centred())),
            // float64: columns throughout
            new Sequential(width, ce, DType.F64,
                    List.of(new Dense(8, Activation.RELU), new Dense(5, Activation.SOFTMAX))),
        };
        // the layer that turns rows into columns (-1: none, all columns); the first model is on rows throughout
        int[] turning = {0, 2, -1, 1};
        for (int i = 0; i < models.length; i++) {
            Sequential model = models[i].initialize(7 + i);
            // the biases (zero after initialisation) and batch norm's scale and shift set to values of their own
            SplittableRandom rng = new SplittableRandom(i);
            for (Layer layer : model.layers()) {
                for (Parameter p : layer.parameters()) {
                    if (p.cols() == 1) {
                        Ops.fill(p.value(), () -> rng.nextDouble(-0.5, 0.5));
                    }
                }
            }
            boolean allRows = model.layers().stream().allMatch(Layer::keepsSamples);
            // (the float64 model's layers could; its batch is copied into columns, in float64, all the same)
            assertEquals(i == 0 || i == 4, allRows, "model " + i + ": all layers keep samples");
            if (i > 0 && i < 4) {
                assertEquals(turning[i], Inference.turningLayer(model.layers()), "model " + i + ": turning layer");
            }
            float[] predicted = model.predict(rows, n);
            assertArrayEquals(onColumns(model, rows, n), predicted, 1e-6f, "model " + i);
            // one sample alone (a GEMV rather than a GEMM) gives its row of the batch
            int k = model.outputSize();
            for (int sample : new int[]{0, 1037}) {
                float[] one = model.predict(Arrays.copyOfRange(rows, sample * width, (sample + 1) * width), 1);
                assertArrayEquals(Arrays.copyOfRange(predicted, sample * k, (sample + 1) * k), one, 1e-6f,
                        "model " + i + ", sample " + sample);
            }
        }
    }

    @Test
    void samplesOfTheWrongWidthAreRefused() {
        Dense dense = new Dense(3, Activation.RELU);
        new Sequential(4, Loss.MEAN_SQUARED_ERROR, dense);
        assertThrows(IllegalArgumentException.class, () -> dense.forwardSamples(Tensor.zeros(DType.F32, 4, 5), false));
        assertThrows(IllegalArgumentException.class, () -> dense.predictSamples(Tensor.zeros(DType.F32, 4, 5)));
    }
}
