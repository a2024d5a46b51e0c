package org.nn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fused leaky-ReLU kernels against their definitions, element by element, in both precisions: a = z for
 * z &gt; 0 else α·z (+0, never −0, for ReLU), dZ = dA where z &gt; 0 else α·dA. The inputs include the values a
 * branch-free formula could get wrong: the smallest subnormals, ±0, infinities, and the extremes of each type.
 */
class FusedKernelsTest {
    private static final double[] SLOPES = {0, 0.01, 0.2};

    /** Special values first, then random ones; as many as {@code n}. */
    private static double[] inputs(DType type, int n, long seed) {
        boolean f32 = type == DType.F32;
        double[] special = {0.0, -0.0, 1, -1, f32 ? Float.MIN_VALUE : Double.MIN_VALUE,
            f32 ? -Float.MIN_VALUE : -Double.MIN_VALUE, f32 ? Float.MIN_NORMAL : Double.MIN_NORMAL,
            f32 ? Float.MAX_VALUE : Double.MAX_VALUE, f32 ? -Float.MAX_VALUE : -Double.MAX_VALUE,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 3e-42, -3e-42};
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i < special.length ? special[i] : rng.nextGaussian();
        }
        return x;
    }

    private static Tensor tensor(DType type, int rows, int cols, double[] values) {
        return Tensor.of(type, rows, cols, java.util.Arrays.copyOf(values, rows * cols));
    }

    /** The element's value as the tensor stores it. */
    private static double stored(DType type, double v) {
        return type == DType.F32 ? (float) v : v;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void biasAndLeakyReluMatchTheirDefinition(DType type) {
        int rows = 7;
        int cols = 13;
        double[] z = inputs(type, rows * cols, 1);
        double[] b = {0, -0.5, 0.25, 0, 1e-3, -2, 0};
        for (double alpha : SLOPES) {
            Tensor zt = tensor(type, rows, cols, z);
            Tensor a = Tensor.zeros(type, rows, cols);
            Ops.addBiasLeakyRelu(zt, tensor(type, rows, 1, b), alpha, a);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    double sum = stored(type, stored(type, z[r * cols + c]) + stored(type, b[r]));
                    double expected = sum > 0 ? sum : stored(type, stored(type, alpha) * sum) + 0.0;
                    String at = type + " α=" + alpha + " z=" + z[r * cols + c] + " b=" + b[r];
                    assertEquals(sum, zt.get(r, c), 0, "z + b at " + at);
                    // assertEquals(double, double, 0) tells +0 from −0 and NaN from numbers
                    assertEquals(Double.valueOf(expected), Double.valueOf(a.get(r, c)), "a at " + at);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void leakyReluMatchesItsDefinitionAndLeavesZAlone(DType type) {
        int n = 3 * DoubleKernels.PARALLEL_GRAIN + 5;  // large enough to be split across threads
        double[] z = inputs(type, n, 4);
        for (double alpha : SLOPES) {
            Tensor zt = tensor(type, n, 1, z);
            Tensor a = Tensor.zeros(type, n, 1);
            Ops.leakyRelu(zt, alpha, a);
            for (int i = 0; i < n; i++) {
                double v = stored(type, z[i]);
                double expected = v > 0 ? v : stored(type, stored(type, alpha) * v) + 0.0;
                assertEquals(Double.valueOf(expected), Double.valueOf(a.getFlat(i)), type + " α=" + alpha + " z=" + v);
                assertEquals(v, zt.getFlat(i), 0);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void leakyReluBackwardMatchesItsDefinition(DType type) {
        int n = 64;
        double[] z = inputs(type, n, 2);
        double[] g = new SplittableRandom(3).doubles(n, -2, 2).toArray();
        g[1] = -0.0;
        for (double alpha : SLOPES) {
            Tensor dZ = Tensor.zeros(type, n, 1);
            Ops.leakyReluBackward(tensor(type, n, 1, z), tensor(type, n, 1, g), alpha, dZ);
            for (int i = 0; i < n; i++) {
                double gi = stored(type, g[i]);
                double expected = stored(type, z[i]) > 0 ? gi : stored(type, stored(type, alpha) * gi);
                assertEquals(expected, dZ.getFlat(i), 0, type + " α=" + alpha + " z=" + z[i] + " dA=" + g[i]);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void viewsAtDifferentOffsetsGiveTheSameResult(DType type) {
        int n = 40;
        double[] z = inputs(type, n, 4);
        double[] g = new SplittableRandom(5).doubles(n, -1, 1).toArray();
        Tensor contiguous = Tensor.zeros(type, n, 1);
        Ops.leakyReluBackward(tensor(type, n, 1, z), tensor(type, n, 1, g), 0.1, contiguous);
        // z, dA and dZ as views 3, 5 and 0 elements into larger arrays
        Tensor zv = Tensor.zeros(type, n + 3, 1).view(3, n, 1);
        Tensor gv = Tensor.zeros(type, n + 5, 1).view(5, n, 1);
        Ops.copy(tensor(type, n, 1, z), zv);
        Ops.copy(tensor(type, n, 1, g), gv);
        Tensor out = Tensor.zeros(type, n, 1);
        Ops.leakyReluBackward(zv, gv, 0.1, out);
        assertArrayEquals(contiguous.toDoubleArray(), out.toDoubleArray(), 0);

        Tensor a = Tensor.zeros(type, n + 7, 1).view(7, 4, 10);
        Tensor zt = tensor(type, 4, 10, z);
        Ops.addBiasLeakyRelu(zt, tensor(type, 4, 1, new double[]{1, -1, 0, 2}), 0, a);
        for (int i = 0; i < n; i++) {
            double zi = zt.getFlat(i);
            // ReLU as LeakyRelu defines it: 0·z + 0 for z ≤ 0, which is NaN for z = −∞ as in the scalar code
            assertEquals(Double.valueOf(zi > 0 ? zi : 0 * zi + 0.0), Double.valueOf(a.getFlat(i)), "a at " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void badArgumentsAreNamed(DType type) {
        Tensor z = Tensor.zeros(type, 3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ops.addBiasLeakyRelu(z, Tensor.zeros(type, 2, 1), 0, z));
        assertEquals("bias has 2 elements for 3 rows", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Ops.addBiasLeakyRelu(z, Tensor.zeros(type, 3, 1), 1, z));
        assertThrows(IllegalArgumentException.class,
                () -> Ops.leakyReluBackward(z, Tensor.zeros(type, 4, 3), 0, z));
    }
}
