package org.nn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The kernels that split work across threads, on tensors large enough to be split: each against a plain scalar
 * loop of the same arithmetic (Java's floating point is IEEE to the bit, vectorised or not, so the results must be
 * identical), and the same bits whatever the thread count.
 */
class ParallelKernelsTest {
    private static final int LARGE = 3 * DoubleKernels.PARALLEL_GRAIN + 123;
    private final int threadsBefore = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threadsBefore);
    }

    private static Tensor random(DType type, int rows, int cols, long seed, double lo, double hi) {
        Tensor t = Tensor.zeros(type, rows, cols);
        SplittableRandom rng = new SplittableRandom(seed);
        Ops.fill(t, () -> rng.nextDouble(lo, hi));
        return t;
    }

    /** Runs {@code run} on 1 thread and on 3, and returns both results. */
    private static double[][] onOneAndThreeThreads(Supplier<Tensor> run) {
        Parallel.setThreads(1);
        double[] one = run.get().toDoubleArray();
        Parallel.setThreads(3);
        double[] three = run.get().toDoubleArray();
        return new double[][]{one, three};
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void adamIsTheScalarRuleOnEveryElementWhateverTheThreads(DType type) {
        double lr = 1e-3;
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-8;
        double c1 = 1 - Math.pow(beta1, 3);
        double c2 = 1 - Math.pow(beta2, 3);
        double[][] results = onOneAndThreeThreads(() -> {
            Tensor p = random(type, LARGE, 1, 1, -1, 1);
            Tensor g = random(type, LARGE, 1, 2, -1, 1);
            Tensor m = random(type, LARGE, 1, 3, -0.1, 0.1);
            Tensor v = random(type, LARGE, 1, 4, 0, 0.01);
            Ops.adam(p, g, m, v, lr, beta1, beta2, eps, c1, c2);
            return p;
        });
        assertArrayEquals(results[0], results[1], 0, "1 and 3 threads");
        Tensor p = random(type, LARGE, 1, 1, -1, 1);
        Tensor g = random(type, LARGE, 1, 2, -1, 1);
        Tensor m = random(type, LARGE, 1, 3, -0.1, 0.1);
        Tensor v = random(type, LARGE, 1, 4, 0, 0.01);
        for (int i = 0; i < LARGE; i += 997) {
            double expected;
            if (type == DType.F32) {
                float gi = (float) g.getFlat(i);
                float mi = (float) beta1 * (float) m.getFlat(i) + (float) (1 - beta1) * gi;
                float vi = (float) beta2 * (float) v.getFlat(i) + (float) (1 - beta2) * gi * gi;
                expected = (float) p.getFlat(i) - (float) (lr / c1) * mi
                        / ((float) Math.sqrt(vi) * (float) (1 / Math.sqrt(c2)) + (float) eps);
            } else {
                double gi = g.getFlat(i);
                double mi = beta1 * m.getFlat(i) + (1 - beta1) * gi;
                double vi = beta2 * v.getFlat(i) + (1 - beta2) * gi * gi;
                expected = p.getFlat(i) - lr / c1 * mi / (Math.sqrt(vi) * (1 / Math.sqrt(c2)) + eps);
            }
            assertEquals(expected, results[0][i], 0, type + " element " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void adamOnViewsEqualsAdamOnWholeVectors(DType type) {
        int n = 1000;
        Tensor p = random(type, n, 1, 1, -1, 1);
        Tensor g = random(type, n, 1, 2, -1, 1);
        Tensor whole = p.copy(type);
        Ops.adam(whole, g, Tensor.zeros(type, n, 1), Tensor.zeros(type, n, 1), 0.01, 0.9, 0.999, 1e-8, 0.1, 0.001);
        // parameters and gradients as views at an offset, the moments at offset 0: the slower general loop
        Tensor pv = Tensor.zeros(type, n + 10, 1).view(10, n, 1);
        Tensor gv = Tensor.zeros(type, n + 10, 1).view(10, n, 1);
        Ops.copy(p, pv);
        Ops.copy(g, gv);
        Ops.adam(pv, gv, Tensor.zeros(type, n, 1), Tensor.zeros(type, n, 1), 0.01, 0.9, 0.999, 1e-8, 0.1, 0.001);
        assertArrayEquals(whole.toDoubleArray(), pv.toDoubleArray(), 0);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void gatherCopiesEachSampleIntoItsColumn(DType type) {
        int rows = 784;
        int n = 300;
        float[] samples = new float[n * rows];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = i * 0.25f;
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (i * 7 + 3) % n;
        }
        // 131 columns: sixteen blocks of eight and three more; enough elements to be split across threads
        int cols = 131;
        double[][] results = onOneAndThreeThreads(() -> {
            Tensor x = Tensor.zeros(type, rows, cols);
            Ops.gatherColumns(samples, order, 5, x);
            return x;
        });
        assertArrayEquals(results[0], results[1], 0, "1 and 3 threads");
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                assertEquals(samples[order[5 + c] * rows + r], results[0][r * cols + c], 0, "(" + r + ", " + c + ")");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void largeFusedActivationsAreSplitWithoutChangingABit(DType type) {
        int rows = 300;
        int cols = 400;
        assertTrue((long) rows * cols > 2L * DoubleKernels.PARALLEL_GRAIN, "the kernels must be split");
        Tensor b = random(type, rows, 1, 6, -0.5, 0.5);
        double[][] forward = onOneAndThreeThreads(() -> {
            Tensor z = random(type, rows, cols, 7, -1, 1);
            Tensor a = Tensor.zeros(type, rows, cols);
            Ops.addBiasLeakyRelu(z, b, 0.01, a);
            return a;
        });
        assertArrayEquals(forward[0], forward[1], 0, "forward on 1 and 3 threads");
        double[][] backward = onOneAndThreeThreads(() -> {
            Tensor dZ = Tensor.zeros(type, rows, cols);
            Ops.leakyReluBackward(random(type, rows, cols, 7, -1, 1), random(type, rows, cols, 8, -1, 1), 0, dZ);
            return dZ;
        });
        assertArrayEquals(backward[0], backward[1], 0, "backward on 1 and 3 threads");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void rowSumsAddUpEachRow(DType type) {
        Tensor x = random(type, 5, 1003, 9, -1, 1);
        Tensor out = Tensor.zeros(type, 5, 1);
        Ops.rowSums(x, 0.5, out);
        for (int r = 0; r < 5; r++) {
            double exact = 0;
            for (int c = 0; c < 1003; c++) {
                exact += x.get(r, c);
            }
            double tolerance = type == DType.F32 ? 1e-5 * Math.max(1, Math.abs(exact)) : 1e-12;
            assertEquals(0.5 * exact, out.getFlat(r), tolerance, "row " + r);
        }
    }
}
