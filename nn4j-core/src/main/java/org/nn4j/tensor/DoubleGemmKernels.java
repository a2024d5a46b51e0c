package org.nn4j.tensor;

import java.util.Arrays;

/**
 * The pure-Java GEMM kernel for float64, and the single source of the float32 one: the build generates
 * {@code FloatGemmKernels} from this file as it does {@code FloatKernels} from {@code DoubleKernels}. Locals that
 * must have the element type (so that the float32 loops stay in float32, which C2 vectorises twice as wide) are
 * declared with {@code var} from a cast to it, a cast the generation rewrites along with the array types; alpha
 * and beta travel as double and are narrowed that way where the loops use them.
 *
 * <p>The method is the one of GotoBLAS (Goto and van de Geijn, "Anatomy of high-performance matrix
 * multiplication", ACM TOMS 34(3), 2008), adapted to what HotSpot's C2 compiler vectorises: a block of op(B),
 * {@link #KC} × {@link #NC}, is packed once into contiguous rows and then swept by every row of A; the
 * micro-kernel adds four rank-1 rows at a time into an accumulator row, {@code acc[j] += a0·b0[j] + … + a3·b3[j]},
 * a loop over contiguous j that C2 turns into AVX instructions. Two things keep it vectorisable on JDK 17:
 * each packed row of B is its own array (C2 does not vectorise loads from one array at several unrelated
 * offsets), and the loop body stays small (C2 does not unroll, hence does not vectorise, a body over
 * {@code -XX:LoopUnrollLimit}). Measured on JDK 17, two rows of C × four of B already exceed that limit, and
 * four rows of C × one of B, which is vectorised, moves more data per multiply-add than one × four.
 */
final class DoubleGemmKernels {
    /**
     * Rows of op(B) per packed block. Every row of A sweeps the whole block, so it should stay in L2 (256 KB of
     * float32 here); a taller block means fewer passes of the accumulator row through C.
     */
    static final int KC = 256;
    /** Columns per packed block: the length of the vectorised loop and of the accumulator row. */
    static final int NC = 256;

    private static final double[] NONE = {};
    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);

    private DoubleGemmKernels() {
    }

    /** The calling thread's job, holding its packing buffers; allocated once per thread. */
    static Job job() {
        return JOBS.get();
    }

    /**
     * A float64 call as the jobs of both float64 kernels (these and the Vector API's) keep it: the arrays beside the
     * other arguments, the split of C across threads (whole micro-tiles to a part), and the walk over the blocks of
     * op(B) that each kernel packs and multiplies in its own way.
     *
     * @param <J> the kernel's job, whose buffers a thread packs its blocks into
     */
    abstract static class Call<J extends Call<J>> extends GemmCall {
        double[] a;
        double[] b;
        double[] c;
        private final int rowAlign;
        private final int colAlign;
        private final int kBlock;
        private final int colBlock;

        /**
         * A call whose parts start at multiples of {@code rowAlign} rows or {@code colAlign} columns, and whose
         * op(B) is packed {@code kBlock} k-steps by {@code colBlock} columns at a time.
         */
        Call(int rowAlign, int colAlign, int kBlock, int colBlock) {
            this.rowAlign = rowAlign;
            this.colAlign = colAlign;
            this.kBlock = kBlock;
            this.colBlock = colBlock;
        }

        final Call<J> set(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOffset,
                       int lda, double[] b, int bOffset, int ldb, double beta, double[] c, int cOffset, int ldc) {
            arguments(transA, transB, m, n, k, alpha, aOffset, lda, bOffset, ldb, beta, cOffset, ldc);
            this.a = a;
            this.b = b;
            this.c = c;
            return this;
        }

        @Override
        final void release() {
            a = b = c = null;
        }

        @Override
        public final void run(int part, int parts) {
            // Split the longer side of C, so that each part keeps long rows or many of them.
            int rowFrom = 0;
            int rowTo = m;
            int colFrom = 0;
            int colTo = n;
            if (m >= n) {
                rowFrom = JavaGemm.split(m, part, parts, rowAlign);
                rowTo = JavaGemm.split(m, part + 1, parts, rowAlign);
            } else {
                colFrom = JavaGemm.split(n, part, parts, colAlign);
                colTo = JavaGemm.split(n, part + 1, parts, colAlign);
            }
            if (k == 0 || alpha == 0) {
                scale(rowFrom, rowTo, colFrom, colTo);
            } else {
                compute(rowFrom, rowTo, colFrom, colTo);
            }
        }

        /**
         * C[rowFrom .. rowTo, colFrom .. colTo] = alpha · op(A) · op(B) + beta · C, with k and alpha not zero, block
         * by block of op(B), each packed into the buffers of the computing thread's own job (a thread computing part
         * of another thread's call uses its own).
         */
        private void compute(int rowFrom, int rowTo, int colFrom, int colTo) {
            J own = own();
            for (int jc = colFrom; jc < colTo; jc += colBlock) {
                int nc = Math.min(colBlock, colTo - jc);
                for (int pc = 0; pc < k; pc += kBlock) {
                    block(own, rowFrom, rowTo, jc, nc, pc, Math.min(kBlock, k - pc));
                }
            }
        }

        /** The calling thread's job of this kernel. */
        abstract J own();

        /**
         * C[rowFrom .. rowTo, jc .. jc+nc] gets op(A)[rowFrom .. rowTo, pc .. pc+kc] · op(B)[pc .. pc+kc, jc .. jc+nc]
         * (times alpha, over beta · C for the first block of k), the blocks packed into {@code own}'s buffers.
         */
        abstract void block(J own, int rowFrom, int rowTo, int jc, int nc, int pc, int kc);

        /** C = beta · C on a block: the whole product when alpha or k is zero, as BLAS defines it. */
        private void scale(int rowFrom, int rowTo, int colFrom, int colTo) {
            var t = (double) beta;
            for (int i = rowFrom; i < rowTo; i++) {
                int o = cOffset + i * ldc;
                if (beta == 0) {
                    Arrays.fill(c, o + colFrom, o + colTo, 0);
                } else if (beta != 1) {
                    for (int j = o + colFrom; j < o + colTo; j++) {
                        c[j] *= t;
                    }
                }
            }
        }
    }

    /**
     * A call and the packing buffers of the thread that owns it; a thread computing part of another thread's job
     * uses its own buffers.
     */
    static final class Job extends Call<Job> {
        // This thread's packed block of B, one array per row (grow-only), and the accumulator row.
        private double[][] panel = {};
        private double[] acc = NONE;

        Job() {
            super(1, 8, KC, NC);
        }

        @Override
        Job own() {
            return JOBS.get();
        }

        @Override
        void block(Job own, int rowFrom, int rowTo, int jc, int nc, int pc, int kc) {
            double[][] bp = own.pack(this, pc, kc, jc, nc);
            double[] row = own.acc;
            for (int i = rowFrom; i < rowTo; i++) {
                Arrays.fill(row, 0, nc, 0);
                rowTimesPanel(i, pc, kc, bp, row, nc);
                store(row, i, jc, nc, pc == 0);
            }
        }

        /** Copies op(B)[pc .. pc+kc, jc .. jc+nc] into this thread's panel rows; returns them. */
        private double[][] pack(Job job, int pc, int kc, int jc, int nc) {
            if (panel.length < kc) {
                panel = Arrays.copyOf(panel, kc);
            }
            if (acc.length < nc) {
                acc = Arrays.copyOf(NONE, nc);
            }
            for (int p = 0; p < kc; p++) {
                if (panel[p] == null || panel[p].length < nc) {
                    panel[p] = Arrays.copyOf(NONE, nc);
                }
            }
            double[] src = job.b;
            if (!job.transB) {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(src, job.bOffset + (pc + p) * job.ldb + jc, panel[p], 0, nc);
                }
            } else {
                // B is stored n × k: each of its rows is a column of the panel.
                for (int j = 0; j < nc; j++) {
                    int from = job.bOffset + (jc + j) * job.ldb + pc;
                    for (int p = 0; p < kc; p++) {
                        panel[p][j] = src[from + p];
                    }
                }
            }
            return panel;
        }

        /** row[0 .. nc) = op(A)[i, pc .. pc+kc) · panel. */
        private void rowTimesPanel(int i, int pc, int kc, double[][] panel, double[] row, int nc) {
            double[] x = a;
            int step = transA ? lda : 1;
            int q = aOffset + (transA ? pc * lda + i : i * lda + pc);
            int p = 0;
            for (; p + 4 <= kc; p += 4, q += 4 * step) {
                var a0 = (double) x[q];
                var a1 = (double) x[q + step];
                var a2 = (double) x[q + 2 * step];
                var a3 = (double) x[q + 3 * step];
                double[] b0 = panel[p];
                double[] b1 = panel[p + 1];
                double[] b2 = panel[p + 2];
                double[] b3 = panel[p + 3];
                for (int j = 0; j < nc; j++) {
                    row[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
                }
            }
            for (; p < kc; p++, q += step) {
                var a0 = (double) x[q];
                double[] b0 = panel[p];
                for (int j = 0; j < nc; j++) {
                    row[j] += a0 * b0[j];
                }
            }
        }

        /** C[i, jc .. jc+nc) = alpha · row + (first block of k ? beta · C : C); beta = 0 never reads C. */
        private void store(double[] row, int i, int jc, int nc, boolean first) {
            double[] y = c;
            int o = cOffset + i * ldc + jc;
            var s = (double) alpha;
            if (!first || beta == 1) {
                for (int j = 0; j < nc; j++) {
                    y[o + j] += s * row[j];
                }
            } else if (beta == 0) {
                for (int j = 0; j < nc; j++) {
                    y[o + j] = s * row[j];
                }
            } else {
                var t = (double) beta;
                for (int j = 0; j < nc; j++) {
                    y[o + j] = s * row[j] + t * y[o + j];
                }
            }
        }
    }
}
