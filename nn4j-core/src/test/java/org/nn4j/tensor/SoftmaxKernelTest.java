package org.nn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Column-wise softmax against its definition computed here in double, one column at a time: e^{z−max} / Σ e^{z−max}.
 * Shapes include one row and one column, values up to ±1000 (where e^z alone overflows), views at an offset, and z
 * and a being the same tensor. Row-wise softmax (a sample-major batch) gives each sample exactly the probabilities
 * the column-wise one gives it.
 */
class SoftmaxKernelTest {
    private static final int[][] SHAPES = {{10, 1024}, {10, 1}, {1, 7}, {3, 5}, {784, 3}, {1500, 2}};

    /** softmax of one column of z, in double, from the values z stores. */
    private static double[] expected(Tensor z, int c) {
        double max = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < z.rows(); r++) {
            max = Math.max(max, z.get(r, c));
        }
        double sum = 0;
        double[] e = new double[z.rows()];
        for (int r = 0; r < z.rows(); r++) {
            e[r] = Math.exp(z.get(r, c) - max);
            sum += e[r];
        }
        for (int r = 0; r < z.rows(); r++) {
            e[r] /= sum;
        }
        return e;
    }

    private static Tensor random(DType type, int rows, int cols, double scale, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian() * scale;
        }
        return Tensor.of(type, rows, cols, v);
    }

    private static void assertSoftmax(Tensor z, Tensor a, String what) {
        double tolerance = z.dtype() == DType.F32 ? 3e-7 : 1e-15;
        for (int c = 0; c < z.cols(); c++) {
            double[] want = expected(z, c);
            double total = 0;
            for (int r = 0; r < z.rows(); r++) {
                double got = a.get(r, c);
                total += got;
                assertEquals(want[r], got, tolerance * Math.max(want[r], 1e-30) + Double.MIN_VALUE,
                        what + " a[" + r + "," + c + "]");
            }
            assertEquals(1, total, z.rows() * 2 * tolerance, what + " column " + c + " sums to 1");
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void matchesTheDefinitionForEveryShapeAndScale(DType type) {
        long seed = 1;
        for (int[] shape : SHAPES) {
            for (double scale : new double[] {1, 30, 1000}) {
                Tensor z = random(type, shape[0], shape[1], scale, seed++);
                Tensor a = Tensor.zeros(type, shape[0], shape[1]);
                Ops.softmaxColumns(z, a);
                assertSoftmax(z, a, type + " " + shape[0] + "×" + shape[1] + " scale " + scale);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void worksInPlaceAndOnViews(DType type) {
        Tensor z = random(type, 10, 64, 5, 7);
        Tensor copy = Tensor.zeros(type, 10, 64);
        Ops.copy(z, copy);
        Ops.softmaxColumns(z, z);
        assertSoftmax(copy, z, "in place");

        Tensor big = random(type, 1, 3 + 6 * 9, 4, 8);
        Tensor zView = big.view(3, 6, 9);
        Tensor aBig = Tensor.zeros(type, 1, 5 + 6 * 9);
        Tensor aView = aBig.view(5, 6, 9);
        Ops.softmaxColumns(zView, aView);
        assertSoftmax(zView, aView, "views");
        for (int i = 0; i < 5; i++) {
            assertEquals(0, aBig.get(0, i), "nothing written before the view");
        }
    }

    private static Tensor transposed(Tensor x) {
        Tensor t = Tensor.zeros(x.dtype(), x.cols(), x.rows());
        for (int r = 0; r < x.rows(); r++) {
            for (int c = 0; c < x.cols(); c++) {
                t.set(c, r, x.get(r, c));
            }
        }
        return t;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void rowsGiveEachSampleExactlyWhatColumnsGiveIt(DType type) {
        int threads = Parallel.threads();
        long seed = 100;
        try {
            for (int[] shape : SHAPES) {
                for (double scale : new double[] {1, 30, 1000}) {
                    Tensor z = random(type, shape[0], shape[1], scale, seed++);
                    Tensor a = Tensor.zeros(type, shape[0], shape[1]);
                    Ops.softmaxColumns(z, a);
                    double[] want = transposed(a).toDoubleArray();
                    String what = type + " " + shape[1] + " samples of " + shape[0] + " scale " + scale;
                    // one thread, then three (a batch of 1024 samples of 10 is cut into parts); out of place, in place
                    for (int t : new int[] {1, 3}) {
                        Parallel.setThreads(t);
                        Tensor rows = transposed(z);
                        Tensor out = Tensor.zeros(type, shape[1], shape[0]);
                        Ops.softmaxRows(rows, out);
                        assertArrayEquals(want, out.toDoubleArray(), what);
                        Ops.softmaxRows(rows, rows);
                        assertArrayEquals(want, rows.toDoubleArray(),
                                what + " in place");
                    }
                }
            }
        } finally {
            Parallel.setThreads(threads);
        }
        Tensor big = random(type, 1, 3 + 6 * 9, 4, 8);
        Tensor aBig = Tensor.zeros(type, 1, 5 + 6 * 9);
        Ops.softmaxRows(big.view(3, 9, 6), aBig.view(5, 9, 6));
        assertSoftmax(transposed(big.view(3, 9, 6)), transposed(aBig.view(5, 9, 6)), "views");
        for (int i = 0; i < 5; i++) {
            assertEquals(0, aBig.get(0, i), "nothing written before the view");
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void aHugeLogitTakesAllTheProbabilityWithoutOverflow(DType type) {
        Tensor z = Tensor.of(type, 3, 2, 1e30, -1e30, 0, 0, -1e30, 1e30);
        Tensor a = Tensor.zeros(type, 3, 2);
        Ops.softmaxColumns(z, a);
        assertEquals(1, a.get(0, 0));
        assertEquals(0, a.get(1, 0));
        assertEquals(1, a.get(2, 1));
        for (int i = 0; i < 6; i++) {
            assertTrue(Double.isFinite(a.get(i / 2, i % 2)));
        }
    }
}
