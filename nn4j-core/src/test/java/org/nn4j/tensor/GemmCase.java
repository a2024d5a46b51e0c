package org.nn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One GEMM problem for tests: operands stored with an offset and a row stride larger than their width (the gaps
 * hold a sentinel that must survive), values exactly representable in float32 so that both precisions multiply
 * the same numbers, and an exact reference computed in double.
 */
record GemmCase(boolean transA, boolean transB, int m, int n, int k, double alpha, double beta, boolean nanInC) {
    private static final int OFFSET = 3;
    private static final int PAD = 2;
    private static final double SENTINEL = 12345;

    /** The element types, each calling its own entry point of {@link Gemm} on copies of the double operands. */
    enum Precision {
        F32(0x1p-24) {
            @Override
            void gemm(Gemm g, GemmCase t, double[] a, int lda, double[] b, int ldb, double[] c, int ldc) {
                float[] cf = toFloat(c);
                g.sgemm(t.transA, t.transB, t.m, t.n, t.k, (float) t.alpha, toFloat(a), OFFSET, lda, toFloat(b),
                        OFFSET, ldb, (float) t.beta, cf, OFFSET, ldc);
                for (int i = 0; i < c.length; i++) {
                    c[i] = cf[i];
                }
            }
        },
        F64(0x1p-53) {
            @Override
            void gemm(Gemm g, GemmCase t, double[] a, int lda, double[] b, int ldb, double[] c, int ldc) {
                g.dgemm(t.transA, t.transB, t.m, t.n, t.k, t.alpha, a, OFFSET, lda, b, OFFSET, ldb, t.beta, c,
                        OFFSET, ldc);
            }
        };

        /** Unit roundoff. */
        final double eps;

        Precision(double eps) {
            this.eps = eps;
        }

        abstract void gemm(Gemm g, GemmCase t, double[] a, int lda, double[] b, int ldb, double[] c, int ldc);

        private static float[] toFloat(double[] x) {
            float[] f = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                f[i] = (float) x[i];
            }
            return f;
        }
    }

    /** The stored operands and the result of one run. */
    record Run(double[] a, double[] b, double[] c, int lda, int ldb, int ldc) {
    }

    /** Runs this case through {@code gemm} in the given precision on operands drawn from {@code seed}. */
    Run run(Gemm gemm, Precision precision, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        int lda = aCols + PAD;
        int ldb = bCols + PAD;
        int ldc = n + PAD;
        double[] a = stored(aRows, aCols, lda, random, false);
        double[] b = stored(bRows, bCols, ldb, random, false);
        double[] c = stored(m, n, ldc, random, nanInC);
        precision.gemm(gemm, this, a, lda, b, ldb, c, ldc);
        return new Run(a, b, c, lda, ldb, ldc);
    }

    /**
     * Checks a result against the exact product: each element within 2(k + 2)·eps·(|alpha|·(|A||B|)ij +
     * |beta|·|Cij|), the classical bound for a dot product of length k plus the final scaling and addition;
     * every element outside the m × n view must hold the sentinel still.
     */
    void check(Run run, Precision precision, long seed, String label) {
        check(run, null, precision, seed, label);
    }

    /** Checks a result against another implementation's: within twice the bound, as both are within it. */
    void check(Run run, Run reference, Precision precision, long seed, String label) {
        double[] before = run(new NoGemm(), precision, seed).c();
        for (int x = 0; x < run.c.length; x++) {
            int i = x - OFFSET < 0 ? -1 : (x - OFFSET) / run.ldc;
            int j = x - OFFSET < 0 ? -1 : (x - OFFSET) % run.ldc;
            if (i < 0 || i >= m || j >= n) {
                assertEquals(SENTINEL, run.c[x], label + ": element " + x + " outside C was written");
                continue;
            }
            double exact = 0;
            double magnitude = 0;
            for (int p = 0; p < k; p++) {
                double product = a(run, i, p) * b(run, p, j);
                exact += product;
                magnitude += Math.abs(product);
            }
            double c0 = before[x];
            double expected = alpha == 0 || k == 0 ? 0 : alpha * exact;
            double bound = Math.abs(alpha) * magnitude;
            if (beta != 0) {
                expected += beta * c0;
                bound += Math.abs(beta * c0);
            }
            double tolerance = 2 * (k + 2) * precision.eps * bound + Double.MIN_NORMAL;
            if (reference != null) {
                expected = reference.c[x];
                tolerance *= 2;
            }
            if (!(Math.abs(run.c[x] - expected) <= tolerance)) {
                fail(label + ": C[" + i + ", " + j + "] = " + run.c[x] + ", expected " + expected + " ± "
                        + tolerance);
            }
        }
    }

    private double a(Run run, int i, int p) {
        return transA ? run.a[OFFSET + p * run.lda + i] : run.a[OFFSET + i * run.lda + p];
    }

    private double b(Run run, int p, int j) {
        return transB ? run.b[OFFSET + j * run.ldb + p] : run.b[OFFSET + p * run.ldb + j];
    }

    /** A rows × cols matrix at OFFSET with row stride ld, sentinel elsewhere; values exact in float32. */
    private static double[] stored(int rows, int cols, int ld, SplittableRandom random, boolean nan) {
        double[] x = new double[OFFSET + Math.max(rows, 1) * ld + PAD];
        Arrays.fill(x, SENTINEL);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                x[OFFSET + i * ld + j] = nan ? Double.NaN : (float) (random.nextDouble() * 2 - 1);
            }
        }
        return x;
    }

    /** Leaves C as it is: replays the operand generation to recover C before the product. */
    private static final class NoGemm implements Gemm {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOffset,
                          int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
        }

        @Override
        public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a,
                          int aOffset, int lda, double[] b, int bOffset, int ldb, double beta, double[] c,
                          int cOffset, int ldc) {
        }
    }
}
