package org.nn4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nn4j.activations.Activation;
import org.nn4j.layers.Dense;
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

    @Test
    void samplesOfTheWrongWidthAreRefused() {
        Dense dense = new Dense(3, Activation.RELU);
        new Sequential(4, Loss.MEAN_SQUARED_ERROR, dense);
        assertThrows(IllegalArgumentException.class, () -> dense.forwardSamples(Tensor.zeros(DType.F32, 4, 5), false));
    }
}
