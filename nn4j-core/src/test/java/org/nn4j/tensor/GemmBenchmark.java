package org.nn4j.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Times sgemm on the products a dense network computes, for the Java GEMM on 1 and 2 threads and the native BLAS.
 * Run by hand, not a test:
 * <pre>
 * mvn -q -pl nn4j-core test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * OPENBLAS_NUM_THREADS=2 java -cp nn4j-core/target/classes:nn4j-core/target/test-classes:$(cat /tmp/cp.txt) \
 *     org.nn4j.tensor.GemmBenchmark [runs] [rounds]
 * </pre>
 * Prints GFLOP/s (2·m·n·k per call): the median of {@code runs} calls after a one-second warm-up, the best such
 * median over {@code rounds} rounds, since other load on the machine only ever slows a round down. Each engine is
 * timed in a block of its own, followed by a pause: OpenBLAS's threads spin for a while after a call and would
 * take a core from whatever runs next.
 */
public final class GemmBenchmark {
    private record Shape(String what, boolean transA, boolean transB, int m, int n, int k) {
    }

    private static final Shape[] SHAPES = {
        new Shape("784-256: W1·X", false, false, 256, 128, 784),
        new Shape("784-256: dZ1·Xᵀ", false, true, 256, 784, 128),
        new Shape("784-256: W1ᵀ·dZ1", true, false, 784, 128, 256),
        new Shape("256-128: W2·A1", false, false, 128, 128, 256),
        new Shape("784-1024: W1·X", false, false, 1024, 128, 784),
        new Shape("1024-1024: W2·A1", false, false, 1024, 128, 1024),
        new Shape("1024-1024: dZ2·A1ᵀ", false, true, 1024, 1024, 128),
        new Shape("1024-1024: W2ᵀ·dZ2", true, false, 1024, 128, 1024),
    };

    private GemmBenchmark() {
    }

    public static void main(String[] args) throws InterruptedException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 31;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Gemm> engines = new ArrayList<>(List.of(new JavaGemm(1), new JavaGemm(2)));
        Backend.nativeBlas().ifPresent(engines::add);
        System.out.printf("%-22s %-15s", "product", "m×n×k");
        engines.forEach(g -> System.out.printf(" | %s", g.name()));
        System.out.println("   (GFLOP/s)");
        for (Shape s : SHAPES) {
            System.out.printf("%-22s %-15s", s.what(), s.m() + "×" + s.n() + "×" + s.k());
            for (Gemm g : engines) {
                double best = 0;
                for (int r = 0; r < rounds; r++) {
                    best = Math.max(best, time(s, g, runs));
                    Thread.sleep(500);
                }
                System.out.printf(" | %" + g.name().length() + ".1f", best);
            }
            System.out.println();
        }
        engines.stream().filter(g -> g instanceof JavaGemm).forEach(g -> ((JavaGemm) g).close());
    }

    /** The median GFLOP/s of {@code runs} calls of one engine, after a second of warm-up. */
    private static double time(Shape s, Gemm g, int runs) {
        SplittableRandom random = new SplittableRandom(42);
        float[] a = new float[s.m() * s.k()];
        float[] b = new float[s.k() * s.n()];
        float[] c = new float[s.m() * s.n()];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextDouble(-1, 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) random.nextDouble(-1, 1);
        }
        int lda = s.transA() ? s.m() : s.k();
        int ldb = s.transB() ? s.k() : s.n();
        long end = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < end) {
            g.sgemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), 1, a, 0, lda, b, 0, ldb, 0, c, 0, s.n());
        }
        long[] nanos = new long[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            g.sgemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), 1, a, 0, lda, b, 0, ldb, 0, c, 0, s.n());
            nanos[r] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        return 2.0 * s.m() * s.n() * s.k() / nanos[runs / 2];
    }
}
