package org.nn4j.tensor;

import dev.ludovic.netlib.blas.BLAS;

/**
 * GEMM through netlib's BLAS interface: the system's native BLAS over JNI where one is installed (OpenBLAS from
 * Debian's {@code libopenblas0-pthread}), else netlib's Java implementation.
 *
 * <p>BLAS is column-major. A row-major m × n matrix read column-major is its transpose, so row-major
 * C = op(A)·op(B) is computed as column-major Cᵀ = op(B)ᵀ·op(A)ᵀ: swap the operands and m with n.
 *
 * <p>A product with one column (n = 1: a single sample through a layer) goes to GEMV, which reads A once;
 * OpenBLAS's GEMM would first copy all of A into its packed layout, several times the work for one sample.
 */
final class NetlibGemm implements Gemm {
    private final BLAS blas;
    private final String name;

    NetlibGemm(BLAS blas, String name) {
        this.blas = blas;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOffset,
                      int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (n == 1) {
            // y = op(A)·x: row-major A (m × k) is column-major Aᵀ, so op(A) = A is "T" of what BLAS sees
            blas.sgemv(flag(!transA), transA ? m : k, transA ? k : m, alpha, a, aOffset, Math.max(1, lda),
                    b, bOffset, transB ? 1 : ldb, beta, c, cOffset, ldc);
            return;
        }
        blas.sgemm(flag(transB), flag(transA), n, m, k, alpha, b, bOffset, Math.max(1, ldb),
                a, aOffset, Math.max(1, lda), beta, c, cOffset, Math.max(1, ldc));
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOffset,
                      int lda, double[] b, int bOffset, int ldb, double beta, double[] c, int cOffset, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (n == 1) {
            blas.dgemv(flag(!transA), transA ? m : k, transA ? k : m, alpha, a, aOffset, Math.max(1, lda),
                    b, bOffset, transB ? 1 : ldb, beta, c, cOffset, ldc);
            return;
        }
        blas.dgemm(flag(transB), flag(transA), n, m, k, alpha, b, bOffset, Math.max(1, ldb),
                a, aOffset, Math.max(1, lda), beta, c, cOffset, Math.max(1, ldc));
    }

    private static String flag(boolean transpose) {
        return transpose ? "T" : "N";
    }
}
