package org.nn4j.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nn4j.tensor.Backend;
import org.nn4j.tensor.Gemm;
import org.nn4j.tensor.JavaGemm;
import org.nn4j.tensor.Parallel;

/**
 * The Java GEMM against OpenBLAS on T2's float32 products, in one process and in alternation: 20 products of one
 * engine, then 20 of the other, in each of {@code pairs} pairs after 5 to warm up. On a machine that other work
 * shares, both engines of a pair see the same load, so the median of the pairs' ratios is steadier than two timings
 * taken apart. Prints each engine's median time a product and the median and quartiles of Java ÷ OpenBLAS in rate.
 * The JVM options choose the Java kernel ({@code --add-modules jdk.incubator.vector} for the Vector API one,
 * {@code -XX:UseAVX=2} for 256-bit vectors) and {@code OPENBLAS_CORETYPE} OpenBLAS's.
 *
 * <pre>java --add-modules jdk.incubator.vector -Dnn4j.threads=2 -cp nn4j-bench/target/benchmarks.jar \
 *     org.nn4j.bench.GemmAlternation [threads] [pairs]</pre>
 */
public final class GemmAlternation {
    /** T2's products, as {@link GemmBench} names them: m×n×k, then which operands are transposed. */
    private static final String[] PRODUCTS = {"1024x128x1024:NN", "1024x1024x128:NT", "1024x128x1024:TN"};
    private static final int CALLS = 20;
    private static final int WARM_UP_PAIRS = 5;

    private GemmAlternation() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Gemm openBlas = Backend.nativeBlas().orElseThrow(() -> new IllegalStateException("OpenBLAS did not load"));
        try (JavaGemm java = new JavaGemm(threads)) {
            System.out.println(java.name() + " against OpenBLAS's " + Backend.kernel().orElse("?") + " kernel ("
                    + Parallel.THREADS_PROPERTY + "=" + Parallel.threads() + ")");
            for (String product : PRODUCTS) {
                compare(product, java, openBlas, pairs);
            }
        }
    }

    private static void compare(String product, Gemm java, Gemm openBlas, int pairs) {
        String[] parts = product.split("[x:]");
        int m = Integer.parseInt(parts[0]);
        int n = Integer.parseInt(parts[1]);
        int k = Integer.parseInt(parts[2]);
        boolean transA = parts[3].charAt(0) == 'T';
        boolean transB = parts[3].charAt(1) == 'T';
        SplittableRandom rng = new SplittableRandom(1);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextDouble(-1, 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rng.nextDouble(-1, 1);
        }
        double[] javaMs = new double[pairs];
        double[] openBlasMs = new double[pairs];
        double[] ratio = new double[pairs];
        for (int pair = -WARM_UP_PAIRS; pair < pairs; pair++) {
            double tj = millis(java, transA, transB, m, n, k, a, b, c);
            double tn = millis(openBlas, transA, transB, m, n, k, a, b, c);
            if (pair >= 0) {
                javaMs[pair] = tj;
                openBlasMs[pair] = tn;
                ratio[pair] = tn / tj;
            }
        }
        Arrays.sort(javaMs);
        Arrays.sort(openBlasMs);
        Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "%-17s Java %.2f ms, OpenBLAS %.2f ms; Java ÷ OpenBLAS in rate %.0f%% (median of "
                        + "%d pairs; quartiles %.0f–%.0f%%)%n", product, javaMs[pairs / 2], openBlasMs[pairs / 2],
                100 * ratio[pairs / 2], pairs, 100 * ratio[pairs / 4], 100 * ratio[3 * pairs / 4]);
    }

    /** Milliseconds a product, over {@link #CALLS} products. */
    private static double millis(Gemm gemm, boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b,
                                 float[] c) {
        long start = System.nanoTime();
        for (int call = 0; call < CALLS; call++) {
            gemm.sgemm(transA, transB, m, n, k, 1, a, 0, transA ? m : k, b, 0, transB ? k : n, 0, c, 0, n);
        }
        return (System.nanoTime() - start) / 1e6 / CALLS;
    }
}
