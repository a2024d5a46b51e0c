package org.nn4j.tensor;

/**
 * The arguments of one GEMM call other than its arrays, as a task that splits the call across threads keeps them
 * (the Java GEMM's jobs, the native GEMM's blocks): every thread working on the call reads them. A task is kept per
 * calling thread and reused; {@link #release()} lets go of the caller's arrays once the call is done.
 */
abstract class GemmCall implements Parallel.Task {
    boolean transA;
    boolean transB;
    int m;
    int n;
    int k;
    double alpha;
    double beta;
    int aOffset;
    int lda;
    int bOffset;
    int ldb;
    int cOffset;
    int ldc;

    /** Keeps a call's shape, scalars, offsets and leading dimensions. */
    final void arguments(boolean transA, boolean transB, int m, int n, int k, double alpha, int aOffset, int lda,
                         int bOffset, int ldb, double beta, int cOffset, int ldc) {
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.alpha = alpha;
        this.beta = beta;
        this.aOffset = aOffset;
        this.lda = lda;
        this.bOffset = bOffset;
        this.ldb = ldb;
        this.cOffset = cOffset;
        this.ldc = ldc;
    }

    /** Forgets the caller's arrays, so that an idle thread keeps none reachable. */
    abstract void release();
}
