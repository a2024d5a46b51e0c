package org.nn4j.tensor;

/**
 * GEMM in pure Java, used when no native BLAS loads: cache-blocked, vectorised, and split across a fixed pool of
 * threads. Where the JVM was started with {@code --add-modules jdk.incubator.vector} the kernels are
 * {@code DoubleVectorGemmKernels} and the {@code FloatVectorGemmKernels} generated from it, register-blocked on the
 * Vector API; elsewhere {@code DoubleGemmKernels} and {@code FloatGemmKernels}, loops the JIT compiler vectorises by
 * itself, at a third to a half of their speed. The Vector API classes are loaded only when the module is in the boot
 * layer, so nn4j runs without it (and without the JVM's warning about incubator modules). This class checks
 * arguments, picks the kernels and decides how many threads a call gets.
 *
 * <p>Semantics are those of BLAS {@code xGEMM}: when beta is zero C is overwritten without being read (NaN in C
 * does not survive), and when alpha or k is zero A and B are not read. Steady-state calls allocate nothing: each
 * thread keeps its packing buffers, and the pool hands work out without wrapping it.
 */
public final class JavaGemm implements Gemm, AutoCloseable {
    /**
     * Below this many multiply-adds (m·n·k, about 0.3 ms on one core) a call runs in the calling thread: waking
     * a parked worker took from 20 µs to 0.8 ms on the machine this was tuned on.
     */
    static final long PARALLEL_WORK = 1L << 21;

    /** The module of the Vector API, an incubator module the JVM resolves only when told to. */
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** This GEMM's own threads, or null when it shares {@link Parallel}'s. */
    private final WorkerPool own;
    /** True for the Vector API kernels, false for the auto-vectorised ones. */
    private final boolean vectorApi;

    /** A GEMM using up to {@code threads} threads of its own, the caller's included. */
    public JavaGemm(int threads) {
        this(threads, vectorApiPresent());
    }

    /**
     * A GEMM on {@code threads} threads of its own computing with the Vector API kernels ({@code vectorApi}, which
     * needs the module) or the auto-vectorised ones.
     */
    JavaGemm(int threads, boolean vectorApi) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (vectorApi && !vectorApiPresent()) {
            throw new IllegalStateException("the Vector API kernels need the JVM option --add-modules "
                    + VECTOR_MODULE);
        }
        own = new WorkerPool(threads, "nn4j-gemm");
        this.vectorApi = vectorApi;
    }

    /** The GEMM nn4j computes with when no native BLAS loads: on {@link Parallel}'s threads, as many as it has. */
    JavaGemm() {
        own = null;
        vectorApi = vectorApiPresent();
    }

    /** True if the Vector API's module is in the boot layer, so that its classes load. */
    static boolean vectorApiPresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    private WorkerPool pool() {
        return own != null ? own : Parallel.pool();
    }

    /** Threads a large product is split across. */
    public int threads() {
        return pool().size();
    }

    /**
     * The GEMM and its kernels, e.g. {@code "Java GEMM (Vector API, 512-bit, 2 threads)"}; the auto-vectorised
     * kernels' name says how to get the faster ones.
     */
    @Override
    public String name() {
        String threads = threads() + (threads() == 1 ? " thread" : " threads");
        return vectorApi
                ? "Java GEMM (Vector API, " + DoubleVectorGemmKernels.vectorBits() + "-bit, " + threads + ")"
                : "Java GEMM (auto-vectorised loops, " + threads + "; the JVM option --add-modules " + VECTOR_MODULE
                        + " gives the faster Vector API kernel)";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOffset,
                      int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
        check(transA, transB, m, n, k, a.length, aOffset, lda, b.length, bOffset, ldb, c.length, cOffset, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        GemmCall job = vectorApi
                ? FloatVectorGemmKernels.job()
                        .set(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc)
                : FloatGemmKernels.job()
                        .set(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        try {
            run(job, m, n, k);
        } finally {
            job.release();
        }
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOffset,
                      int lda, double[] b, int bOffset, int ldb, double beta, double[] c, int cOffset, int ldc) {
        check(transA, transB, m, n, k, a.length, aOffset, lda, b.length, bOffset, ldb, c.length, cOffset, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        GemmCall job = vectorApi
                ? DoubleVectorGemmKernels.job()
                        .set(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc)
                : DoubleGemmKernels.job()
                        .set(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        try {
            run(job, m, n, k);
        } finally {
            job.release();
        }
    }

    private void run(GemmCall job, int m, int n, int k) {
        WorkerPool pool = pool();
        long work = (long) m * n * Math.max(k, 1);
        // One part per PARALLEL_WORK / 2 multiply-adds, so that a product just past the threshold goes to two
        // threads and only a large one to all; the kernels split the longer side of C, at least 16 rows or columns
        // a part.
        int parts = work < PARALLEL_WORK ? 1
                : (int) Math.min(Math.min(pool.size(), 2 * work / PARALLEL_WORK), Math.max(m, n) / 16);
        if (parts <= 1) {
            job.run(0, 1);
        } else {
            pool.run(job, parts);
        }
    }

    /**
     * The start of part {@code part} of {@code parts} over {@code size} elements, a multiple of {@code align}
     * except at the end, so that parts are as even as the alignment allows.
     */
    static int split(int size, int part, int parts, int align) {
        if (part >= parts) {
            return size;
        }
        int at = (int) ((long) size * part / parts);
        return Math.min(size, (at + align / 2) / align * align);
    }

    /** Stops this GEMM's own threads; it computes in the calling thread alone afterwards. */
    @Override
    public void close() {
        if (own != null) {
            own.close();
        }
    }

    private static void check(boolean transA, boolean transB, int m, int n, int k, int aLength, int aOffset,
                              int lda, int bLength, int bOffset, int ldb, int cLength, int cOffset, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: negative size m=" + m + ", n=" + n + ", k=" + k);
        }
        matrix("a", transA ? k : m, transA ? m : k, aLength, aOffset, lda);
        matrix("b", transB ? n : k, transB ? k : n, bLength, bOffset, ldb);
        matrix("c", m, n, cLength, cOffset, ldc);
    }

    /** A stored rows × cols matrix with row stride ld must lie inside its array. */
    private static void matrix(String name, int rows, int cols, int length, int offset, int ld) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("gemm: ld" + name + "=" + ld + " is less than the " + cols
                    + " columns of " + name);
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long end = offset + (long) (rows - 1) * ld + cols;
        if (offset < 0 || end > length) {
            throw new IllegalArgumentException("gemm: " + name + " (" + rows + "×" + cols + ", offset " + offset
                    + ", ld" + name + " " + ld + ") needs " + end + " elements, its array has " + length);
        }
    }
}
