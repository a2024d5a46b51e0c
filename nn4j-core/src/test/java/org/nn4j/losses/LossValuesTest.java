package org.nn4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nn4j.activations.Activation;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;

class LossValuesTest {
    private static Tensor softmax(Tensor z) {
        Tensor a = Tensor.zeros(z.dtype(), z.rows(), z.cols());
        Activation.SOFTMAX.forward(z, a);
        return a;
    }

    @Test
    void softmaxOfALargeGapIsFiniteAndExact() {
        for (DType t : DType.values()) {
            Tensor a = softmax(Tensor.of(t, 2, 1, 1000, 0));
            assertEquals(1.0, a.get(0, 0), 0);
            assertEquals(0.0, a.get(1, 0), 1e-300);
            Tensor b = softmax(Tensor.of(t, 3, 1, 1, 2, 3));
            // e^k / (e + e² + e³), by hand
            double s = Math.exp(1) + Math.exp(2) + Math.exp(3);
            assertEquals(Math.exp(1) / s, b.get(0, 0), t == DType.F32 ? 1e-7 : 1e-15);
            assertEquals(Math.exp(3) / s, b.get(2, 0), t == DType.F32 ? 1e-7 : 1e-15);
        }
    }

    @Test
    void categoricalCrossEntropyFromLogitsUsesLogSumExp() {
        Tensor z = Tensor.of(DType.F64, 2, 2, 1000, 1, 0, 2);
        Tensor y = Tensor.of(DType.F64, 2, 2, 0, 1, 1, 0);
        // sample 1: −log softmax([1000,0])_1 = 1000 (+ log(1+e^-1000)); sample 2: −log softmax([1,2])_0 = log(1+e)
        double expected = (1000 + Math.log1p(Math.E)) / 2;
        assertEquals(expected, Loss.CATEGORICAL_CROSSENTROPY.value(z, softmax(z), y), 1e-12);
    }

    @Test
    void binaryCrossEntropyIsFiniteWhereTheSigmoidRoundsToZeroOrOne() {
        Tensor z = Tensor.of(DType.F32, 1, 4, 1000, -1000, 1000, -1000);
        Tensor a = Tensor.zeros(DType.F32, 1, 4);
        Activation.SIGMOID.forward(z, a);
        assertEquals(1.0, a.get(0, 0), 0);
        assertEquals(0.0, a.get(0, 1), 0);
        Tensor y = Tensor.of(DType.F32, 1, 4, 0, 1, 1, 0);
        // wrong with certainty costs |z| = 1000 each; right costs log(1 + e^-1000) ≈ 0
        assertEquals(500.0, Loss.BINARY_CROSSENTROPY.value(z, a, y), 1e-9);
        Tensor zSmall = Tensor.of(DType.F64, 1, 1, 0.3);
        Tensor aSmall = Tensor.zeros(DType.F64, 1, 1);
        Activation.SIGMOID.forward(zSmall, aSmall);
        double p = 1 / (1 + Math.exp(-0.3));
        assertEquals(-Math.log(p), Loss.BINARY_CROSSENTROPY.value(zSmall, aSmall, Tensor.of(DType.F64, 1, 1, 1)), 1e-15);
    }

    @Test
    void meanSquaredErrorAveragesOverOutputsAndSamples() {
        Tensor a = Tensor.of(DType.F64, 2, 2, 1, 2, 3, 4);
        Tensor y = Tensor.of(DType.F64, 2, 2, 0, 2, 1, 0);
        assertEquals((1 + 0 + 4 + 16) / 4.0, Loss.MEAN_SQUARED_ERROR.value(a, a, y), 1e-15);
        Tensor g = Tensor.zeros(DType.F64, 2, 2);
        Loss.MEAN_SQUARED_ERROR.gradient(a, a, y, g);
        assertEquals(2 * (3 - 1) / 2.0, g.get(1, 0), 1e-15);
    }

    @Test
    void illegalPairingsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Loss.MEAN_SQUARED_ERROR.validate(Activation.SOFTMAX, 3));
        assertTrue(e.getMessage().contains("softmax"));
        assertThrows(IllegalArgumentException.class, () -> Loss.CATEGORICAL_CROSSENTROPY.validate(Activation.RELU, 3));
        assertThrows(IllegalArgumentException.class, () -> Loss.BINARY_CROSSENTROPY.validate(Activation.TANH, 1));
        assertThrows(IllegalArgumentException.class, () -> Loss.parse("hinge"));
    }
}
