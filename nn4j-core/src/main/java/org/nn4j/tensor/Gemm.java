package org.nn4j.tensor;

/**
 * General matrix multiply on row-major arrays: C = alpha · op(A) · op(B) + beta · C, where C is m × n, op(A) is
 * m × k and op(B) is k × n; {@code lda}, {@code ldb}, {@code ldc} are the row strides of the arrays as stored.
 * The transpose flags let backpropagation compute Wᵀ·dZ and dZ·Aᵀ without copying a transpose.
 */
public interface Gemm {
    /** A short name for reports, e.g. {@code "openblas (JNI)"}. */
    String name();

    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOffset, int lda,
               float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc);

    void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOffset, int lda,
               double[] b, int bOffset, int ldb, double beta, double[] c, int cOffset, int ldc);
}
