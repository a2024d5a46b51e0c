package org.nn4j.tensor;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Java GEMM kernel for float64 on the Vector API ({@code jdk.incubator.vector}), and the single source of the
 * float32 one, {@code FloatVectorGemmKernels}, which the build generates from this file as it does
 * {@code FloatGemmKernels} from {@code DoubleGemmKernels}. {@link JavaGemm} loads this class only when the module
 * is in the boot layer (the JVM was started with {@code --add-modules jdk.incubator.vector}); elsewhere it keeps the
 * loops C2 vectorises by itself.
 *
 * <p>The method is the one of GotoBLAS and BLIS (Goto and van de Geijn, "Anatomy of high-performance matrix
 * multiplication", ACM TOMS 34(3), 2008; Van Zee and van de Geijn, "BLIS: A framework for rapidly instantiating BLAS
 * functionality", ACM TOMS 41(3), 2015): a {@link #KC} × {@link #NC} block of op(B) is packed into panels
 * {@link #NR} columns wide, each k-step's row contiguous, and an {@link #MC} × {@link #KC} block of op(A) into panels
 * {@link #MR} rows tall; both stay in L2 while each A panel, in L1, sweeps every B panel. The micro-kernel holds an
 * {@link #MR} × {@link #NR} tile of C in twelve vector registers and adds one rank-1 update per k-step: two vector
 * loads of B, six broadcasts of A and twelve fused multiply-adds. Twelve accumulators, two B vectors and a
 * broadcast fit the sixteen registers of AVX2 as well as AVX-512's thirty-two, so one kernel in
 * {@link VectorSpecies SPECIES_PREFERRED} serves both.
 * Edge tiles are computed whole on zero-padded panels and only their part inside C is stored.
 */
final class DoubleVectorGemmKernels {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    /** Lanes of one vector. */
    private static final int L = SPECIES.length();
    /** Rows of C per micro-tile. */
    static final int MR = 6;
    /** Columns of C per micro-tile: two vectors. */
    static final int NR = 2 * L;
    /** k-steps per packed block: an A panel (MR × KC) stays in L1, the B block (KC × NC) in L2. */
    static final int KC = 256;
    /** Columns of op(B) per packed block, a multiple of {@link #NR} for every vector width. */
    static final int NC = 256;
    /** Rows of op(A) per packed block, a multiple of {@link #MR}; the A block (MC × KC) stays in L2 beside B's. */
    static final int MC = 144;

    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);

    private DoubleVectorGemmKernels() {
    }

    /** The calling thread's job, holding its packing buffers; allocated once per thread. */
    static Job job() {
        return JOBS.get();
    }

    /** Bits of one vector register the kernel computes with: 256 on AVX2, 512 on AVX-512. */
    static int vectorBits() {
        return SPECIES.vectorBitSize();
    }

    /**
     * A call and the packing buffers of the thread that owns it; a thread computing part of another thread's job
     * uses its own buffers.
     */
    static final class Job extends DoubleGemmKernels.Call<Job> {
        // This thread's packed blocks of B and A, and the micro-tile the accumulators are stored to.
        private final double[] bBlock = new double[KC * NC];
        private final double[] aBlock = new double[KC * MC];
        private final double[] tile = new double[MR * NR];

        Job() {
            super(MR, NR, KC, NC);
        }

        @Override
        Job own() {
            return JOBS.get();
        }

        @Override
        void block(Job own, int rowFrom, int rowTo, int jc, int nc, int pc, int kc) {
            own.packB(this, pc, kc, jc, nc);
            for (int ic = rowFrom; ic < rowTo; ic += MC) {
                int mc = Math.min(MC, rowTo - ic);
                own.packA(this, ic, mc, pc, kc);
                for (int i = 0; i < mc; i += MR) {
                    for (int j = 0; j < nc; j += NR) {
                        own.multiply(kc, i * kc, j * kc);
                        store(own.tile, ic + i, Math.min(MR, mc - i), jc + j, Math.min(NR, nc - j), pc == 0);
                    }
                }
            }
        }

        /**
         * Packs op(B)[pc .. pc+kc, jc .. jc+nc] into panels NR columns wide, from offset {@code j·kc} for the panel
         * starting at column jc + j; each k-step's NR values are contiguous, columns past nc are zero.
         */
        private void packB(Job job, int pc, int kc, int jc, int nc) {
            double[] src = job.b;
            double[] dst = bBlock;
            for (int j = 0; j < nc; j += NR) {
                int cols = Math.min(NR, nc - j);
                int base = j * kc;
                if (!job.transB) {
                    for (int p = 0; p < kc; p++) {
                        System.arraycopy(src, job.bOffset + (pc + p) * job.ldb + jc + j, dst, base + p * NR, cols);
                    }
                } else {
                    // B is stored n × k: each of its rows is a column of the panel, read along its length.
                    for (int x = 0; x < cols; x++) {
                        int from = job.bOffset + (jc + j + x) * job.ldb + pc;
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * NR + x] = src[from + p];
                        }
                    }
                }
                if (cols < NR) {
                    for (int p = 0; p < kc; p++) {
                        Arrays.fill(dst, base + p * NR + cols, base + (p + 1) * NR, 0);
                    }
                }
            }
        }

        /**
         * Packs op(A)[ic .. ic+mc, pc .. pc+kc] into panels MR rows tall, from offset {@code i·kc} for the panel
         * starting at row ic + i; each k-step's MR values are contiguous, rows past mc are zero. A is read along
         * its stored rows either way.
         */
        private void packA(Job job, int ic, int mc, int pc, int kc) {
            double[] src = job.a;
            double[] dst = aBlock;
            if (!job.transA) {
                for (int i = 0; i < mc; i += MR) {
                    for (int r = 0, rows = Math.min(MR, mc - i); r < rows; r++) {
                        int from = job.aOffset + (ic + i + r) * job.lda + pc;
                        for (int p = 0; p < kc; p++) {
                            dst[i * kc + p * MR + r] = src[from + p];
                        }
                    }
                }
            } else {
                // A is stored k × m: a k-step's row is read once, along its length, into every panel.
                for (int p = 0; p < kc; p++) {
                    int from = job.aOffset + (pc + p) * job.lda + ic;
                    for (int i = 0; i < mc; i += MR) {
                        for (int r = 0, rows = Math.min(MR, mc - i); r < rows; r++) {
                            dst[i * kc + p * MR + r] = src[from + i + r];
                        }
                    }
                }
            }
            int rows = mc % MR;
            if (rows != 0) {
                int base = (mc - rows) * kc;
                for (int p = 0; p < kc; p++) {
                    Arrays.fill(dst, base + p * MR + rows, base + (p + 1) * MR, 0);
                }
            }
        }

        /** tile = the A panel at {@code aFrom} · the B panel at {@code bFrom}, over kc k-steps: the micro-kernel. */
        private void multiply(int kc, int aFrom, int bFrom) {
            double[] ap = aBlock;
            double[] bp = bBlock;
            DoubleVector c00 = DoubleVector.zero(SPECIES);
            DoubleVector c01 = c00;
            DoubleVector c10 = c00;
            DoubleVector c11 = c00;
            DoubleVector c20 = c00;
            DoubleVector c21 = c00;
            DoubleVector c30 = c00;
            DoubleVector c31 = c00;
            DoubleVector c40 = c00;
            DoubleVector c41 = c00;
            DoubleVector c50 = c00;
            DoubleVector c51 = c00;
            for (int p = 0, q = aFrom, o = bFrom; p < kc; p++, q += MR, o += NR) {
                DoubleVector b0 = DoubleVector.fromArray(SPECIES, bp, o);
                DoubleVector b1 = DoubleVector.fromArray(SPECIES, bp, o + L);
                DoubleVector x = DoubleVector.broadcast(SPECIES, ap[q]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = DoubleVector.broadcast(SPECIES, ap[q + 1]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = DoubleVector.broadcast(SPECIES, ap[q + 2]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = DoubleVector.broadcast(SPECIES, ap[q + 3]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
                x = DoubleVector.broadcast(SPECIES, ap[q + 4]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
                x = DoubleVector.broadcast(SPECIES, ap[q + 5]);
                c50 = x.fma(b0, c50);
                c51 = x.fma(b1, c51);
            }
            double[] t = tile;
            c00.intoArray(t, 0);
            c01.intoArray(t, L);
            c10.intoArray(t, NR);
            c11.intoArray(t, NR + L);
            c20.intoArray(t, 2 * NR);
            c21.intoArray(t, 2 * NR + L);
            c30.intoArray(t, 3 * NR);
            c31.intoArray(t, 3 * NR + L);
            c40.intoArray(t, 4 * NR);
            c41.intoArray(t, 4 * NR + L);
            c50.intoArray(t, 5 * NR);
            c51.intoArray(t, 5 * NR + L);
        }

        /**
         * C[i .. i+rows, j .. j+cols] = alpha · tile + (first block of k ? beta · C : C); beta = 0 never reads C.
         * Whole vectors and the scalar tail round alike (a product, then a sum), so a result does not depend on
         * where a tile's edge falls, nor on how the call was split across threads.
         */
        private void store(double[] t, int i, int rows, int j, int cols, boolean first) {
            double[] y = c;
            var s = (double) alpha;
            var u = (double) beta;
            boolean accumulate = !first || beta == 1;
            boolean overwrite = !accumulate && beta == 0;
            DoubleVector vs = DoubleVector.broadcast(SPECIES, s);
            DoubleVector vu = DoubleVector.broadcast(SPECIES, u);
            for (int r = 0; r < rows; r++) {
                int o = cOffset + (i + r) * ldc + j;
                int q = r * NR;
                int x = 0;
                for (; x + L <= cols; x += L) {
                    DoubleVector v = DoubleVector.fromArray(SPECIES, t, q + x).mul(vs);
                    if (accumulate) {
                        v = v.add(DoubleVector.fromArray(SPECIES, y, o + x));
                    } else if (!overwrite) {
                        v = v.add(DoubleVector.fromArray(SPECIES, y, o + x).mul(vu));
                    }
                    v.intoArray(y, o + x);
                }
                for (; x < cols; x++) {
                    var v = s * t[q + x];
                    y[o + x] = accumulate ? v + y[o + x] : overwrite ? v : v + u * y[o + x];
                }
            }
        }
    }
}
