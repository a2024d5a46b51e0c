package org.nn4j.regularizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nn4j.activations.Activation;
import org.nn4j.initializers.Initializer;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Layer;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

class RegularizationTest {
    private static Sequential model(Regularizer r, double maxNorm) {
        List<Layer> layers = List.of(
                new Dense(3, Activation.TANH, Initializer.GLOROT_UNIFORM, r, maxNorm),
                new Dense(2, Activation.SOFTMAX, Initializer.GLOROT_UNIFORM, r, maxNorm));
        return new Sequential(4, Loss.CATEGORICAL_CROSSENTROPY, DType.F64, layers).initialize(3);
    }

    @Test
    void penaltiesAddTheirValueToTheLossAndTheirGradientToDw() {
        Sequential plain = model(Regularizer.NONE, 0);
        Sequential penalised = model(new Regularizer(0.01, 0.02), 0);
        Tensor x = Tensor.of(DType.F64, 4, 2, 0.5, -1, 2, 0.3, -0.7, 1.1, 0.2, 0.9);
        Tensor y = Tensor.of(DType.F64, 2, 2, 1, 0, 0, 1);
        double base = plain.computeGradients(x, y);
        double total = penalised.computeGradients(x, y);
        double[] w = plain.parameters().toDoubleArray();
        double[] g0 = plain.gradients().toDoubleArray();
        double[] g1 = penalised.gradients().toDoubleArray();
        // layout: W1 (3×4), b1 (3), W2 (2×3), b2 (2)
        double expectedPenalty = 0;
        for (int i = 0; i < w.length; i++) {
            boolean weight = i < 12 || (i >= 15 && i < 21);
            if (weight) {
                expectedPenalty += 0.01 * Math.abs(w[i]) + 0.02 * w[i] * w[i];
                assertEquals(g0[i] + 0.01 * Math.signum(w[i]) + 0.04 * w[i], g1[i], 1e-15, "dW element " + i);
            } else {
                assertEquals(g0[i], g1[i], 0, "biases are not penalised: element " + i);
            }
        }
        assertEquals(base + expectedPenalty, total, 1e-15);
        assertEquals(expectedPenalty, penalised.penalty(), 1e-15);
        assertEquals(base + expectedPenalty, penalised.loss(x, y, true), 1e-15);
    }

    @Test
    void maxNormRescalesOnlyTheRowsThatAreTooLong() {
        Sequential m = model(Regularizer.NONE, 1.0);
        Tensor w = m.parameterList().get(0).value();
        Ops.fill(w, 0.0);
        w.set(0, 0, 1.2);
        w.set(0, 1, -1.6);
        w.set(1, 2, 0.3);
        w.set(1, 3, 0.4);
        m.applyConstraints();
        assertArrayEquals(new double[]{0.6, -0.8, 0, 0, 0, 0, 0.3, 0.4, 0, 0, 0, 0}, w.toDoubleArray(), 1e-15);
    }

    @Test
    void negativeOrInfinitePenaltiesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Regularizer(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Regularizer(0, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new Dense.Config(4, "relu", null, 0, 0, -1));
    }
}
