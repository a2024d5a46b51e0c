package org.nn4j.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nn4j.activations.Activation;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * Where one I1 batch goes: the T1 network's forward pass over 1024 samples (784-256-128-10, float32, samples
 * sample-major as {@code Sequential.predict} reads them), each step timed in sequence as the pass runs it, medians of
 * 200 passes after 50. Then each product alone, for the GEMM rate the pass could reach.
 *
 * <pre>java -cp nn4j-bench/target/benchmarks.jar org.nn4j.bench.InferenceProfile [batch]</pre>
 */
public final class InferenceProfile {
    private static final String[] STEPS = {"Z1 = W1·Xᵀ", "A1 = relu(Z1 + b1)", "Z2 = W2·A1", "A2 = relu(Z2 + b2)",
        "Z3 = W3·A2", "A3 = softmax(Z3 + b3)", "probabilities out"};

    private InferenceProfile() {
    }

    public static void main(String[] args) {
        int m = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        SplittableRandom rng = new SplittableRandom(1);
        Tensor x = random(rng, m, 784, 1);
        Tensor w1 = random(rng, 256, 784, 0.05);
        Tensor w2 = random(rng, 128, 256, 0.05);
        Tensor w3 = random(rng, 10, 128, 0.05);
        Tensor b1 = random(rng, 256, 1, 0.05);
        Tensor b2 = random(rng, 128, 1, 0.05);
        Tensor b3 = random(rng, 10, 1, 0.05);
        Tensor z1 = Tensor.zeros(DType.F32, 256, m);
        Tensor a1 = Tensor.zeros(DType.F32, 256, m);
        Tensor z2 = Tensor.zeros(DType.F32, 128, m);
        Tensor a2 = Tensor.zeros(DType.F32, 128, m);
        Tensor z3 = Tensor.zeros(DType.F32, 10, m);
        Tensor a3 = Tensor.zeros(DType.F32, 10, m);
        float[] out = new float[m * 10];
        int passes = 250;
        long[][] t = new long[STEPS.length][passes];
        long[] stamp = new long[STEPS.length + 1];
        for (int p = 0; p < passes; p++) {
            stamp[0] = System.nanoTime();
            Ops.gemm(false, true, 1, w1, x, 0, z1);
            stamp[1] = System.nanoTime();
            Activation.RELU.forward(z1, b1, a1);
            stamp[2] = System.nanoTime();
            Ops.gemm(false, false, 1, w2, a1, 0, z2);
            stamp[3] = System.nanoTime();
            Activation.RELU.forward(z2, b2, a2);
            stamp[4] = System.nanoTime();
            Ops.gemm(false, false, 1, w3, a2, 0, z3);
            stamp[5] = System.nanoTime();
            Activation.SOFTMAX.forward(z3, b3, a3);
            stamp[6] = System.nanoTime();
            Ops.scatterColumns(a3, out, 0);
            stamp[7] = System.nanoTime();
            for (int s = 0; s < STEPS.length; s++) {
                t[s][p] = stamp[s + 1] - stamp[s];
            }
        }
        System.out.printf(Locale.ROOT, "one pass over %d samples, each step in sequence (median of %d):%n", m,
                passes - 50);
        double total = 0;
        for (int s = 0; s < STEPS.length; s++) {
            double us = median(Arrays.copyOfRange(t[s], 50, passes));
            total += us;
            System.out.printf(Locale.ROOT, "  %-24s %9.1f µs%n", STEPS[s], us);
        }
        System.out.printf(Locale.ROOT, "  %-24s %9.1f µs = %,.0f samples/s%n", "pass", total, m / (total / 1e6));
        System.out.println("each product alone (median of 200 after 50):");
        double alone = 0;
        alone += product("W1·Xᵀ", w1, x, true, z1);
        alone += product("W2·A1", w2, a1, false, z2);
        alone += product("W3·A2", w3, a2, false, z3);
        System.out.printf(Locale.ROOT, "  %-24s %9.1f µs = %,.0f samples/s if nothing else took time%n", "products",
                alone, m / (alone / 1e6));
    }

    private static double product(String name, Tensor w, Tensor x, boolean sampleMajor, Tensor z) {
        long[] t = new long[250];
        for (int i = 0; i < t.length; i++) {
            long start = System.nanoTime();
            Ops.gemm(false, sampleMajor, 1, w, x, 0, z);
            t[i] = System.nanoTime() - start;
        }
        double us = median(Arrays.copyOfRange(t, 50, t.length));
        double flops = 2.0 * z.rows() * z.cols() * w.cols();
        System.out.printf(Locale.ROOT, "  %-24s %9.1f µs  %5.1f GFLOP/s%n", name, us, flops / us / 1e3);
        return us;
    }

    private static Tensor random(SplittableRandom rng, int rows, int cols, double scale) {
        Tensor t = Tensor.zeros(DType.F32, rows, cols);
        float[] v = t.floats();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rng.nextDouble() * scale);
        }
        return t;
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e3;
    }
}
