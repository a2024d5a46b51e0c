package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Noise;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

class DropoutTest {
    private static Dropout layer(double rate, Noise noise, int rows) {
        Dropout d = new Dropout(rate);
        d.build(org.nn4j.tensor.Shape.features(rows), DType.F32);
        d.attachNoise(noise, 3);
        return d;
    }

    private static Tensor ones(int rows, int cols) {
        Tensor t = Tensor.zeros(DType.F32, rows, cols);
        Ops.fill(t, 1.0);
        return t;
    }

    @Test
    void keepsOneMinusRateOfTheUnitsScaledByItsInverse() {
        Noise noise = new Noise();
        noise.reseed(11);
        Dropout d = layer(0.3, noise, 200);
        float[] out = d.forward(ones(200, 500), true).toFloatArray();
        long zeros = 0;
        for (float v : out) {
            if (v == 0) {
                zeros++;
            } else {
                assertEquals(1 / 0.7f, v, 1e-6f);
            }
        }
        // 100,000 Bernoulli(0.3) draws: standard deviation of the fraction ≈ 0.00145; allow 5σ
        assertEquals(0.3, zeros / 100_000.0, 0.0075);
    }

    @Test
    void theMaskIsAFunctionOfSeedAndStepAndIsOffAtInference() {
        Noise noise = new Noise();
        noise.reseed(5);
        Dropout d = layer(0.5, noise, 8);
        Tensor x = ones(8, 16);
        float[] first = d.forward(x, true).toFloatArray();
        assertArrayEquals(first, d.forward(x, true).toFloatArray(), "same step, same mask");
        noise.advance();
        float[] second = d.forward(x, true).toFloatArray();
        assertFalse(Arrays.equals(first, second), "a new step draws a new mask");
        noise.restore(5, 0);
        assertArrayEquals(first, d.forward(x, true).toFloatArray(), "restoring the state restores the mask");
        Noise other = new Noise();
        other.reseed(5);
        assertArrayEquals(first, layer(0.5, other, 8).forward(x, true).toFloatArray(), "reproducible from the seed");
        assertSame(x, d.forward(x, false), "inference is the identity");
    }

    @Test
    void backwardMultipliesByTheSameMask() {
        Dropout d = layer(0.5, new Noise(), 2);
        Tensor mask = Tensor.of(DType.F32, 2, 2, 2, 0, 0, 2);
        d.fixMask(mask);
        Tensor x = Tensor.of(DType.F32, 2, 2, 1, 2, 3, 4);
        assertArrayEquals(new float[]{2, 0, 0, 8}, d.forward(x, true).toFloatArray());
        Tensor dA = Tensor.of(DType.F32, 2, 2, 0.5, 0.25, -1, 3);
        assertArrayEquals(new float[]{1, 0, 0, 6}, d.backward(dA, true).toFloatArray(), 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0));
        assertTrue(e.getMessage().contains("[0, 1)"), e.getMessage());
    }
}
