package org.nn4j.tensor;

import dev.ludovic.netlib.blas.BLAS;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;

/**
 * GEMM on the OpenBLAS nn4j carries, called through netlib's JNI bridge, which pins the Java arrays rather than
 * copying them (see {@link OpenBlas}).
 *
 * <p>BLAS is column-major. A row-major m × n matrix read column-major is its transpose, so row-major
 * C = op(A)·op(B) is computed as column-major Cᵀ = op(B)ᵀ·op(A)ᵀ: swap the operands and m with n.
 *
 * <p>A product with one column (n = 1: a single sample through a layer) goes to GEMV, which reads A once;
 * OpenBLAS's GEMM would first copy all of A into its packed layout, several times the work for one sample. A large
 * A is cut into blocks of rows for the threads, one per {@link #GEMV_GRAIN} bytes of it. A product with one row
 * (m = 1: one sample-major sample) is the same GEMV with B as the matrix, cut likewise.
 *
 * <p>Threads: OpenBLAS computes on one thread, and a large product is cut into blocks of C's longer side that
 * {@link Parallel}'s threads multiply side by side, as many as the work fills ({@link #GRAIN} multiply-adds each,
 * up to {@link Parallel#threads()}). nn4j thus has one pool of threads, not two: OpenBLAS 0.3.31's idle threads wait
 * for work by spinning without yielding the core, so beside nn4j's own threads (which compute the element-wise
 * passes between products) they took the cores those needed: on this project's 2-core machine, T1 training with
 * OpenBLAS on two threads of its own ran at 1,519 samples/s against 11,572 on one thread
 * ({@code nn bench --workloads t1 --t1-epochs 2}, a loaded machine). Each block is an independent product over the
 * whole of k, so the result does not depend on the thread count.
 *
 * <p>netlib checks a matrix's extent as offset + columns × leading dimension, which a block that starts inside the
 * leading dimension (columns of a column-major matrix cut into row ranges) overruns at the end of its array. The
 * blocks therefore call netlib's JNI kernels ({@code sgemmK}, {@code dgemmK}) directly, past those checks; the whole
 * product's bounds were checked before it was cut. Where the kernels cannot be reached, only blocks that start on a
 * column boundary are cut (rows of C with op(A) = A).
 */
final class NetlibGemm implements Gemm {
    /**
     * Multiply-adds per block at least: 2²⁰, about 20 µs on one AVX2 core, against the few microseconds it takes to
     * hand a block to a thread and wait for it. (Rounding up instead, one block per 2²⁰ or part of them, put T1's
     * output layer for 1024 samples on two threads in inference, 31 µs against 60, but changed the last bits of
     * trainings whose products it cut anew, and with them LeNet-5's test accuracy after 10 epochs, 0.8953 to
     * 0.8967: every such figure would have to be measured again.)
     */
    static final long GRAIN = 1L << 20;
    /** Rows or columns of C per block at least, so that each block keeps OpenBLAS's micro-kernels full. */
    private static final int MIN_SIDE = 32;
    /**
     * Bytes of A per block of a GEMV at least: 256 KiB, about 2.5 µs of streaming A from a core's L2 cache. A GEMV
     * reads each value of A once, so its speed is how fast A arrives; cut into blocks of rows, each core streams
     * its own block from its own cache (a 256 × 784 float32 layer: 9.1 µs whole, 6.7 µs in two blocks here).
     */
    static final long GEMV_GRAIN = 256 * 1024;

    private static final ThreadLocal<Blocks> BLOCKS = ThreadLocal.withInitial(Blocks::new);

    private final BLAS blas;
    private final OpenBlas openBlas;
    /** netlib's unchecked kernels bound to {@link #blas}, or null where they cannot be reached. */
    private final MethodHandle sgemmKernel;
    private final MethodHandle dgemmKernel;
    /** The blocks the last product was cut into (a race between callers only misreports it). */
    private volatile int parts = 1;

    NetlibGemm(BLAS blas, OpenBlas openBlas) {
        this.blas = blas;
        this.openBlas = openBlas;
        openBlas.setThreads(1);
        sgemmKernel = kernel(blas, "sgemmK", float.class, float[].class);
        dgemmKernel = kernel(blas, "dgemmK", double.class, double[].class);
    }

    /** netlib's {@code xgemmK(transa, transb, m, n, k, alpha, a, offa, lda, b, offb, ldb, beta, c, offc, ldc)}. */
    private static MethodHandle kernel(BLAS blas, String name, Class<?> scalar, Class<?> array) {
        try {
            Method method = blas.getClass().getDeclaredMethod(name, String.class, String.class, int.class, int.class,
                    int.class, scalar, array, int.class, int.class, array, int.class, int.class, scalar, array,
                    int.class, int.class);
            method.setAccessible(true);
            return MethodHandles.lookup().unreflect(method).bindTo(blas);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public String name() {
        return "OpenBLAS " + openBlas.version() + " (" + openBlas.library() + ")";
    }

    /** The threads the last product was computed on. */
    int threads() {
        return parts;
    }

    /**
     * Blocks for an m × n × k product: one per {@link #GRAIN} multiply-adds, up to {@link Parallel#threads()}; one
     * where only checked calls can be made and the blocks would start inside a leading dimension.
     */
    private int parts(boolean transA, int m, int n, int k) {
        if (sgemmKernel == null && (m < n || transA)) {
            return 1;
        }
        long work = (long) m * n * Math.max(k, 1);
        return (int) Math.max(1, Math.min(Math.min(Parallel.threads(), work / GRAIN), Math.max(m, n) / MIN_SIDE));
    }

    /**
     * Blocks for a GEMV over a matrix of {@code rows} (the rows of op(A) for n = 1, the columns of op(B) for m = 1)
     * by k values of {@code bytes} bytes: one per {@link #GEMV_GRAIN} of it, up to {@link Parallel#threads()}. Only
     * a matrix stored with those rows as its rows is cut ({@code stored}: op(A) = A, op(B) = Bᵀ): its blocks are
     * whole leading dimensions, which netlib's checked GEMV takes; a block of a transposed one's would start inside
     * one.
     */
    private static int gemvParts(boolean stored, int rows, int k, int bytes) {
        if (!stored) {
            return 1;
        }
        long size = (long) rows * k * bytes;
        return (int) Math.max(1, Math.min(Math.min(Parallel.threads(), size / GEMV_GRAIN), rows / MIN_SIDE));
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOffset,
                      int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
        multiply(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOffset,
                      int lda, double[] b, int bOffset, int ldb, double beta, double[] c, int cOffset, int ldc) {
        multiply(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }

    /** Either product: a, b and c are all {@code float[]} or all {@code double[]}. */
    private void multiply(boolean transA, boolean transB, int m, int n, int k, double alpha, Object a, int aOffset,
                          int lda, Object b, int bOffset, int ldb, double beta, Object c, int cOffset, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        int bytes = c instanceof float[] ? Float.BYTES : Double.BYTES;
        int count = n == 1 ? gemvParts(!transA, m, k, bytes)
                : rowGemv(m, n, k, transB, bOffset, ldb, b) ? gemvParts(transB, n, k, bytes)
                : parts(transA, m, n, k);
        parts = count;
        if (count == 1) {
            // netlib checks each matrix as if it ran to the end of its last leading dimension, which a block of
            // columns (a convolution's chunk) does not: such a product, its bounds checked here, goes to the
            // unchecked kernel, or, where that cannot be reached, to the Java GEMM
            boolean block = n > 1 && !fitsWhole(transA, transB, m, n, k, aOffset, lda, bOffset, ldb,
                    java.lang.reflect.Array.getLength(a), java.lang.reflect.Array.getLength(b));
            if (block) {
                requireFits("a", transA ? k : m, transA ? m : k, aOffset, lda, a);
                requireFits("b", transB ? n : k, transB ? k : n, bOffset, ldb, b);
                requireFits("c", m, n, cOffset, ldc, c);
                if ((c instanceof float[] ? sgemmKernel : dgemmKernel) == null) {
                    if (c instanceof float[] fc) {
                        javaFallback().sgemm(transA, transB, m, n, k, (float) alpha, (float[]) a, aOffset, lda,
                                (float[]) b, bOffset, ldb, (float) beta, fc, cOffset, ldc);
                    } else {
                        javaFallback().dgemm(transA, transB, m, n, k, alpha, (double[]) a, aOffset, lda,
                                (double[]) b, bOffset, ldb, beta, (double[]) c, cOffset, ldc);
                    }
                    return;
                }
            }
            block(block, transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            return;
        }
        Blocks blocks = BLOCKS.get();
        blocks.set(this, transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        try {
            Parallel.run(blocks, count);
        } finally {
            blocks.release();
        }
    }

    /**
     * Whether a product of one row (m = 1: a sample-major sample through a layer) goes to GEMV with B as the matrix:
     * where netlib's check of B passes (see {@link #fitsWhole}); a block of B's columns inside its leading dimension
     * (a convolution's chunk) stays a GEMM.
     */
    private static boolean rowGemv(int m, int n, int k, boolean transB, int bOffset, int ldb, Object b) {
        return m == 1 && n > 1
                && (long) bOffset + (long) (transB ? n : k) * ldb <= java.lang.reflect.Array.getLength(b);
    }

    /**
     * Whether netlib's checks pass: A and B (row-major) to the end of their last leading dimension (its check of C,
     * m·n values from its offset, holds for any C that fits).
     */
    private static boolean fitsWhole(boolean transA, boolean transB, int m, int n, int k, int aOffset, int lda,
                                     int bOffset, int ldb, int aLength, int bLength) {
        return (long) aOffset + (long) (transA ? k : m) * lda <= aLength
                && (long) bOffset + (long) (transB ? n : k) * ldb <= bLength;
    }

    /** A row-major {@code rows × cols} matrix from {@code offset} with leading dimension {@code ld} lies in x. */
    private static void requireFits(String name, int rows, int cols, int offset, int ld, Object x) {
        int length = java.lang.reflect.Array.getLength(x);
        if (rows > 0 && cols > 0 && (offset < 0 || ld < cols
                || (long) offset + (long) (rows - 1) * ld + cols > length)) {
            throw new IllegalArgumentException("gemm: " + name + " (" + rows + "×" + cols + " from " + offset
                    + ", leading dimension " + ld + ") does not fit its " + length + " elements");
        }
    }

    private JavaGemm fallback;

    private synchronized JavaGemm javaFallback() {
        if (fallback == null) {
            fallback = new JavaGemm();
        }
        return fallback;
    }

    /**
     * One product, or one block of a product whose bounds were checked whole ({@code part}): GEMV for one column,
     * else GEMM; a part through netlib's unchecked kernel where it can be reached.
     */
    private void block(boolean part, boolean transA, boolean transB, int m, int n, int k, double alpha, Object a,
                       int aOffset, int lda, Object b, int bOffset, int ldb, double beta, Object c, int cOffset,
                       int ldc) {
        String opB = flag(transB);
        String opA = flag(transA);
        int la = Math.max(1, lda);
        int lb = Math.max(1, ldb);
        int lc = Math.max(1, ldc);
        if (c instanceof float[] fc) {
            float[] fa = (float[]) a;
            float[] fb = (float[]) b;
            if (n == 1) {
                // y = op(A)·x: row-major A (m × k) is column-major Aᵀ, so op(A) = A is "T" of what BLAS sees
                blas.sgemv(flag(!transA), transA ? m : k, transA ? k : m, (float) alpha, fa, aOffset, la,
                        fb, bOffset, transB ? 1 : lb, (float) beta, fc, cOffset, lc);
            } else if (rowGemv(m, n, k, transB, bOffset, ldb, b)) {
                // yᵀ = xᵀ·op(B), that is y = op(B)ᵀ·x: row-major B (k × n) is column-major Bᵀ, so op(B) = B is "N"
                blas.sgemv(flag(transB), transB ? k : n, transB ? n : k, (float) alpha, fb, bOffset, lb,
                        fa, aOffset, transA ? la : 1, (float) beta, fc, cOffset, 1);
            } else if (part && sgemmKernel != null) {
                try {
                    sgemmKernel.invokeExact(opB, opA, n, m, k, (float) alpha, fb, bOffset, lb, fa, aOffset, la,
                            (float) beta, fc, cOffset, lc);
                } catch (Throwable e) {
                    throw rethrow(e);
                }
            } else {
                blas.sgemm(opB, opA, n, m, k, (float) alpha, fb, bOffset, lb, fa, aOffset, la, (float) beta, fc,
                        cOffset, lc);
            }
            return;
        }
        double[] da = (double[]) a;
        double[] db = (double[]) b;
        double[] dc = (double[]) c;
        if (n == 1) {
            blas.dgemv(flag(!transA), transA ? m : k, transA ? k : m, alpha, da, aOffset, la, db, bOffset,
                    transB ? 1 : lb, beta, dc, cOffset, lc);
        } else if (rowGemv(m, n, k, transB, bOffset, ldb, b)) {
            blas.dgemv(flag(transB), transB ? k : n, transB ? n : k, alpha, db, bOffset, lb, da, aOffset,
                    transA ? la : 1, beta, dc, cOffset, 1);
        } else if (part && dgemmKernel != null) {
            try {
                dgemmKernel.invokeExact(opB, opA, n, m, k, alpha, db, bOffset, lb, da, aOffset, la, beta, dc, cOffset,
                        lc);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        } else {
            blas.dgemm(opB, opA, n, m, k, alpha, db, bOffset, lb, da, aOffset, la, beta, dc, cOffset, lc);
        }
    }

    /** What a kernel called through its method handle threw: the JNI code raises only unchecked throwables. */
    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException r) {
            return r;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("netlib's GEMM kernel failed", e);
    }

    private static String flag(boolean transpose) {
        return transpose ? "T" : "N";
    }

    /**
     * One product cut into blocks of C's longer side, for {@link Parallel}'s threads; one per calling thread,
     * reused, so that handing a product out allocates nothing. A block of rows [from, to) multiplies those rows of
     * op(A) by op(B); of columns, op(A) by those columns of op(B).
     */
    private static final class Blocks extends GemmCall {
        private NetlibGemm gemm;
        private Object a;
        private Object b;
        private Object c;

        void set(NetlibGemm gemm, boolean transA, boolean transB, int m, int n, int k, double alpha, Object a,
                 int aOffset, int lda, Object b, int bOffset, int ldb, double beta, Object c, int cOffset, int ldc) {
            arguments(transA, transB, m, n, k, alpha, aOffset, lda, bOffset, ldb, beta, cOffset, ldc);
            this.gemm = gemm;
            this.a = a;
            this.b = b;
            this.c = c;
        }

        @Override
        void release() {
            a = b = c = null;
            gemm = null;
        }

        @Override
        public void run(int part, int parts) {
            boolean rows = m >= n;
            int side = rows ? m : n;
            int from = JavaGemm.split(side, part, parts, 16);
            int to = JavaGemm.split(side, part + 1, parts, 16);
            if (from == to) {
                return;
            }
            // rows of C are rows of op(A); columns of C are columns of op(B)
            int a0 = rows ? aOffset + (transA ? from : from * lda) : aOffset;
            int b0 = rows ? bOffset : bOffset + (transB ? from * ldb : from);
            int c0 = cOffset + (rows ? from * ldc : from);
            gemm.block(true, transA, transB, rows ? to - from : m, rows ? n : to - from, k, alpha, a, a0, lda, b, b0,
                    ldb, beta, c, c0, ldc);
        }
    }
}
