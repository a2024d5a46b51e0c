package org.nn4j.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nn4j.activations.Activation;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * Where one I1 batch goes: the T1 network's forward pass over 1024 samples (784-256-128-10, float32) on rows, as
 * {@code Sequential.predict} runs it (each dense layer: its bias into every row of Zᵀ, the GEMM Zᵀ += X·Wᵀ, then
 * the activation on rows), each step timed in sequence as the pass runs it, medians of 2,000 passes after 500. Then
 * each product alone, for the GEMM rate the pass could reach.
 *
 * <pre>java -cp nn4j-bench/target/benchmarks.jar org.nn4j.bench.InferenceProfile [batch]</pre>
 */
public final class InferenceProfile {
    private static final String[] STEPS = {"Z1 = b1 (rows)", "Z1 += X·W1ᵀ", "A1 = relu(Z1)", "Z2 = b2 (rows)",
        "Z2 += A1·W2ᵀ", "A2 = relu(Z2)", "Z3 = b3 (rows)", "Z3 += A2·W3ᵀ", "A3 = softmax(Z3)", "probabilities out"};
    private static final int WARM_UP = 500;

    private InferenceProfile() {
    }

    public static void main(String[] args) {
        int m = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        SplittableRandom rng = new SplittableRandom(1);
        Tensor x = random(rng, m, 784, 1);
        Tensor[] w = {random(rng, 256, 784, 0.05), random(rng, 128, 256, 0.05), random(rng, 10, 128, 0.05)};
        Tensor[] b = {random(rng, 256, 1, 0.05), random(rng, 128, 1, 0.05), random(rng, 10, 1, 0.05)};
        Activation[] g = {Activation.RELU, Activation.RELU, Activation.SOFTMAX};
        Tensor[] z = new Tensor[3];
        Tensor[] a = new Tensor[3];
        for (int l = 0; l < 3; l++) {
            z[l] = Tensor.zeros(DType.F32, m, w[l].rows());
            a[l] = Tensor.zeros(DType.F32, m, w[l].rows());
        }
        Tensor out = Tensor.zeros(DType.F32, m, 10);
        int passes = WARM_UP + 2000;
        long[][] t = new long[STEPS.length][passes];
        long[] stamp = new long[STEPS.length + 1];
        for (int p = 0; p < passes; p++) {
            Tensor in = x;
            int step = 0;
            stamp[0] = System.nanoTime();
            for (int l = 0; l < 3; l++) {
                Ops.fillRows(z[l], b[l]);
                stamp[++step] = System.nanoTime();
                Ops.gemm(false, true, 1, in, w[l], 1, z[l]);
                stamp[++step] = System.nanoTime();
                g[l].forwardRows(z[l], a[l]);
                stamp[++step] = System.nanoTime();
                in = a[l];
            }
            Ops.copy(a[2], out);
            stamp[++step] = System.nanoTime();
            for (int s = 0; s < STEPS.length; s++) {
                t[s][p] = stamp[s + 1] - stamp[s];
            }
        }
        System.out.printf(Locale.ROOT, "one pass over %d samples, each step in sequence (median of %d):%n", m,
                passes - WARM_UP);
        double total = 0;
        for (int s = 0; s < STEPS.length; s++) {
            double us = median(Arrays.copyOfRange(t[s], WARM_UP, passes));
            total += us;
            System.out.printf(Locale.ROOT, "  %-24s %9.1f µs%n", STEPS[s], us);
        }
        System.out.printf(Locale.ROOT, "  %-24s %9.1f µs = %,.0f samples/s%n", "pass", total, m / (total / 1e6));
        System.out.println("each product alone (median of 200 after 50):");
        double alone = 0;
        alone += product("X·W1ᵀ", x, w[0], z[0]);
        alone += product("A1·W2ᵀ", a[0], w[1], z[1]);
        alone += product("A2·W3ᵀ", a[1], w[2], z[2]);
        System.out.printf(Locale.ROOT, "  %-24s %9.1f µs = %,.0f samples/s if nothing else took time%n", "products",
                alone, m / (alone / 1e6));
    }

    private static double product(String name, Tensor x, Tensor w, Tensor z) {
        long[] t = new long[250];
        for (int i = 0; i < t.length; i++) {
            long start = System.nanoTime();
            Ops.gemm(false, true, 1, x, w, 0, z);
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
