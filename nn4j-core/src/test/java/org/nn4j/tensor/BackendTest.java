package org.nn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackendTest {
    private final int threadsBefore = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threadsBefore);
    }

    private static Cpu cpu(int fmaBits) {
        return new Cpu("test", List.of(), 16, fmaBits, 2.0, "test");
    }

    @Test
    void theBundledOpenBlasLoadsAndNoSystemBlasIsMapped() throws IOException {
        assumeTrue(!"java".equals(System.getProperty(Backend.GEMM_PROPERTY)), "the Java GEMM was asked for");
        assertTrue(Backend.isNative(), Backend.describe());
        String[] version = Backend.blasVersion().orElseThrow().split("\\.");
        assertTrue(Integer.parseInt(version[0]) > 0 || Integer.parseInt(version[1]) > 3
                || Integer.parseInt(version[2]) >= 25, "OpenBLAS 0.3.25 recognises current CPUs, got "
                + String.join(".", version));
        String library = Backend.blasLibrary().orElseThrow();
        assertTrue(library.contains(".javacpp"), "unpacked from the jar by JavaCPP: " + library);
        Path maps = Path.of("/proc/self/maps");
        assumeTrue(Files.isReadable(maps), "no /proc/self/maps here");
        List<String> blas = Files.readAllLines(maps).stream().map(l -> l.substring(l.lastIndexOf(' ') + 1))
                .filter(f -> f.contains("blas")).distinct().toList();
        // the bundled library, JavaCPP's binding to it and netlib's bridge: nothing from the system
        assertFalse(blas.isEmpty());
        for (String file : blas) {
            assertTrue(file.contains(".javacpp") || file.contains("netlibblasjni"), "system BLAS mapped: " + file);
        }
    }

    @Test
    void eachProductGetsTheThreadsItsWorkFills() {
        assumeTrue(Backend.isNative(), "OpenBLAS did not load");
        Gemm gemm = Backend.gemm();
        Parallel.setThreads(3);
        float[] a = new float[512 * 512];
        float[] c = new float[512 * 512];
        gemm.sgemm(false, false, 16, 16, 16, 1, a, 0, 16, a, 0, 16, 0, c, 0, 16);
        assertEquals(1, Backend.nativeThreads(), "4,096 multiply-adds: one thread");
        gemm.sgemm(false, false, 64, 1, 512, 1, a, 0, 512, a, 0, 1, 0, c, 0, 1);
        assertEquals(1, Backend.nativeThreads(), "one column, 128 KiB of A: GEMV on the calling thread");
        gemm.sgemm(false, false, 256, 1, 512, 1, a, 0, 512, a, 0, 1, 0, c, 0, 1);
        assertEquals(2, Backend.nativeThreads(), "one column, 512 KiB of A: two blocks of rows");
        gemm.sgemm(false, false, 512, 1, 512, 1, a, 0, 512, a, 0, 1, 0, c, 0, 1);
        assertEquals(3, Backend.nativeThreads(), "one column, 1 MiB of A: all three threads");
        gemm.sgemm(true, false, 512, 1, 512, 1, a, 0, 512, a, 0, 1, 0, c, 0, 1);
        assertEquals(1, Backend.nativeThreads(), "one column of Aᵀ·x: GEMV whole");
        gemm.sgemm(false, false, 128, 16, 1024, 1, a, 0, 1024, a, 0, 16, 0, c, 0, 16);
        assertEquals(2, Backend.nativeThreads(), "2²¹ multiply-adds: two grains");
        gemm.sgemm(false, false, 1024, 10, 128, 1, a, 0, 128, a, 0, 10, 0, c, 0, 10);
        assertEquals(1, Backend.nativeThreads(), "1.25 · 2²⁰ multiply-adds: one grain, the part of one not cut off");
        gemm.sgemm(false, false, 512, 512, 512, 1, a, 0, 512, a, 0, 512, 0, c, 0, 512);
        assertEquals(3, Backend.nativeThreads(), "2²⁷ multiply-adds: all three threads");
        Parallel.setThreads(1);
        gemm.sgemm(false, false, 512, 512, 512, 1, a, 0, 512, a, 0, 512, 0, c, 0, 512);
        assertEquals(1, Backend.nativeThreads(), "never more than Parallel.threads()");
    }

    @Test
    void aProductCutAcrossThreadsEqualsItWholeInEveryTransposeAndBothPrecisions() {
        assumeTrue(Backend.isNative(), "OpenBLAS did not load");
        Gemm gemm = Backend.gemm();
        // m ≥ n cuts rows of C, m < n columns; offsets and wider leading dimensions make every block start inside
        // its arrays, where netlib's own bounds check would refuse a block's extent at the end of the array
        int[][] shapes = {{301, 128, 150}, {96, 517, 260}};
        Random random = new Random(7);
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                boolean transA = t / 2 == 1;
                boolean transB = t % 2 == 1;
                int m = s[0];
                int n = s[1];
                int k = s[2];
                int lda = (transA ? m : k) + 3;
                int ldb = (transB ? k : n) + 5;
                int ldc = n + 2;
                double[] a = random.doubles(4 + (long) lda * (transA ? k : m)).toArray();
                double[] b = random.doubles(6 + (long) ldb * (transB ? n : k)).toArray();
                double[] c0 = random.doubles(1 + (long) ldc * m).toArray();
                float[] fa = toFloats(a);
                float[] fb = toFloats(b);
                Parallel.setThreads(1);
                double[] whole = c0.clone();
                gemm.dgemm(transA, transB, m, n, k, 0.5, a, 4, lda, b, 6, ldb, 2, whole, 1, ldc);
                float[] fwhole = toFloats(c0);
                gemm.sgemm(transA, transB, m, n, k, 0.5f, fa, 4, lda, fb, 6, ldb, 2, fwhole, 1, ldc);
                Parallel.setThreads(3);
                double[] cut = c0.clone();
                gemm.dgemm(transA, transB, m, n, k, 0.5, a, 4, lda, b, 6, ldb, 2, cut, 1, ldc);
                assertEquals(3, Backend.nativeThreads(), "cut into three blocks");
                float[] fcut = toFloats(c0);
                gemm.sgemm(transA, transB, m, n, k, 0.5f, fa, 4, lda, fb, 6, ldb, 2, fcut, 1, ldc);
                String where = m + "×" + n + "×" + k + " transA " + transA + " transB " + transB;
                // OpenBLAS's edge kernels may round a block's last columns differently from the whole product's,
                // so a cut product equals the whole to rounding, and itself bit for bit
                for (int e = 0; e < whole.length; e++) {
                    assertEquals(whole[e], cut[e], 1e-12 * (1 + Math.abs(whole[e])), where + " at " + e);
                    assertEquals(fwhole[e], fcut[e], 1e-5f * (1 + Math.abs(fwhole[e])), where + " at " + e);
                }
                double[] again = c0.clone();
                gemm.dgemm(transA, transB, m, n, k, 0.5, a, 4, lda, b, 6, ldb, 2, again, 1, ldc);
                assertArrayEquals(cut, again, where + ": the same thread count repeats the result exactly");
                // and the whole product is right: one element against its sum
                int i = m - 1;
                int j = n - 1;
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += a[4 + (transA ? p * lda + i : i * lda + p)] * b[6 + (transB ? j * ldb + p : p * ldb + j)];
                }
                assertEquals(0.5 * sum + 2 * c0[1 + i * ldc + j], cut[1 + i * ldc + j], 1e-9, where);
            }
        }
    }

    @Test
    void aGemvCutIntoBlocksOfRowsEqualsItWholeInBothPrecisions() {
        assumeTrue(Backend.isNative(), "OpenBLAS did not load");
        Gemm gemm = Backend.gemm();
        // 517 rows of 400 (808 KiB in float32): three blocks of rows on three threads, the last one ragged; x as a
        // column (ldb 3) or as a row, offsets everywhere
        int m = 517;
        int k = 400;
        int lda = k + 3;
        Random random = new Random(11);
        double[] a = random.doubles(4 + (long) lda * m).toArray();
        double[] x = random.doubles(6 + 3L * k).toArray();
        double[] c0 = random.doubles(1 + 2L * m).toArray();
        for (boolean transB : new boolean[]{false, true}) {
            int ldb = transB ? k : 3;
            Parallel.setThreads(1);
            double[] whole = c0.clone();
            gemm.dgemm(false, transB, m, 1, k, 0.5, a, 4, lda, x, 6, ldb, 2, whole, 1, 2);
            float[] fwhole = toFloats(c0);
            gemm.sgemm(false, transB, m, 1, k, 0.5f, toFloats(a), 4, lda, toFloats(x), 6, ldb, 2, fwhole, 1, 2);
            Parallel.setThreads(3);
            double[] cut = c0.clone();
            gemm.dgemm(false, transB, m, 1, k, 0.5, a, 4, lda, x, 6, ldb, 2, cut, 1, 2);
            assertEquals(3, Backend.nativeThreads(), "cut into three blocks");
            float[] fcut = toFloats(c0);
            gemm.sgemm(false, transB, m, 1, k, 0.5f, toFloats(a), 4, lda, toFloats(x), 6, ldb, 2, fcut, 1, 2);
            assertEquals(3, Backend.nativeThreads(), "cut into three blocks");
            // each row's dot product is the same kernel's over the same k, whichever block holds it
            assertArrayEquals(whole, cut, "transB " + transB);
            assertArrayEquals(fwhole, fcut, "transB " + transB);
            for (int i : new int[]{0, 200, m - 1}) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += a[4 + i * lda + p] * x[6 + (transB ? p : p * ldb)];
                }
                assertEquals(0.5 * sum + 2 * c0[1 + 2 * i], cut[1 + 2 * i], 1e-9, "row " + i);
            }
        }
    }

    @Test
    void aProductOfOneRowIsAGemvOverBCutIntoBlocksWhereBIsWhole() {
        assumeTrue(Backend.isNative(), "OpenBLAS did not load");
        Gemm gemm = Backend.gemm();
        // one sample-major sample through a layer: xᵀ (1 × 400) · Wᵀ, W 517 × 400 (transB); then B as k × n, whole
        // and as a block of columns inside its leading dimension (a convolution's chunk), which stays a GEMM
        int n = 517;
        int k = 400;
        Random random = new Random(13);
        double[] x = random.doubles(2 + 5L * k).toArray();
        for (int form = 0; form < 3; form++) {
            boolean transB = form == 0;
            int ldb = transB ? k + 3 : n + (form == 2 ? 40 : 0);
            int rowsOfB = transB ? n : k;
            double[] b = random.doubles(6 + (long) ldb * rowsOfB - (form == 2 ? 40 : 0)).toArray();
            double[] c0 = random.doubles(1 + n).toArray();
            for (boolean transA : new boolean[]{false, true}) {
                int lda = transA ? 5 : k;  // xᵀ as a row, or as a column of a k × 5 matrix
                Parallel.setThreads(1);
                double[] whole = c0.clone();
                gemm.dgemm(transA, transB, 1, n, k, 0.5, x, 2, lda, b, 6, ldb, 2, whole, 1, n);
                float[] fwhole = toFloats(c0);
                gemm.sgemm(transA, transB, 1, n, k, 0.5f, toFloats(x), 2, lda, toFloats(b), 6, ldb, 2, fwhole, 1, n);
                Parallel.setThreads(3);
                double[] cut = c0.clone();
                gemm.dgemm(transA, transB, 1, n, k, 0.5, x, 2, lda, b, 6, ldb, 2, cut, 1, n);
                assertEquals(transB ? 3 : 1, Backend.nativeThreads(), "form " + form);
                float[] fcut = toFloats(c0);
                gemm.sgemm(transA, transB, 1, n, k, 0.5f, toFloats(x), 2, lda, toFloats(b), 6, ldb, 2, fcut, 1, n);
                String where = "form " + form + " transA " + transA;
                assertArrayEquals(whole, cut, where);
                assertArrayEquals(fwhole, fcut, where);
                for (int j : new int[]{0, 300, n - 1}) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += x[2 + (transA ? p * lda : p)] * b[6 + (transB ? j * ldb + p : p * ldb + j)];
                    }
                    assertEquals(0.5 * sum + 2 * c0[1 + j], cut[1 + j], 1e-9, where + " column " + j);
                    assertEquals(cut[1 + j], fcut[1 + j], 1e-4 * (1 + Math.abs(cut[1 + j])), where + " float32");
                }
            }
        }
    }

    private static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }

    @Test
    void aKernelNarrowerThanTheCpuIsWarnedAboutWithTheFix() {
        Optional<String> forced = Backend.kernelWarning("PRESCOTT", cpu(512), "Prescott");
        assertTrue(forced.orElseThrow().contains("PRESCOTT kernel (no FMA)"), forced.get());
        assertTrue(forced.get().endsWith("fix: unset OPENBLAS_CORETYPE (it is Prescott) and let OpenBLAS choose"),
                forced.get());
        assertFalse(forced.get().contains("\n"), "one line");
        Optional<String> chosen = Backend.kernelWarning("HASWELL", cpu(512), null);
        assertTrue(chosen.orElseThrow().endsWith("fix: set OPENBLAS_CORETYPE=SKYLAKEX"), chosen.get());
        assertEquals("set OPENBLAS_CORETYPE=HASWELL", Backend.kernelWarning("SANDYBRIDGE", cpu(256), null)
                .orElseThrow().replaceFirst(".*fix: ", ""));
    }

    @Test
    void aKernelAsWideAsTheCpuOrUnknownIsNotWarnedAbout() {
        assertEquals(Optional.empty(), Backend.kernelWarning("SKYLAKEX", cpu(512), null));
        assertEquals(Optional.empty(), Backend.kernelWarning("ZEN", cpu(256), null));
        assertEquals(Optional.empty(), Backend.kernelWarning("PRESCOTT", cpu(0), null));
        assertEquals(Optional.empty(), Backend.kernelWarning("NEOVERSEN1", cpu(0), null));
    }

    @Test
    void theMeasuredRateIsPositiveAndBelowWhatTheCpuCouldReachTwice() {
        double rate = Backend.measureSgemmGflops(128, 20);
        assertTrue(rate > 0, "rate " + rate);
        double peak = Cpu.detect().peakGflops(Parallel.threads());
        assumeTrue(peak > 0, "no clock or FMA width known here");
        assertTrue(rate < 2 * peak, "rate " + rate + " against a peak of " + peak);
    }
}
