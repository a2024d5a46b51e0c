package org.nn4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nn4j.activations.Activation;
import org.nn4j.data.Dataset;
import org.nn4j.data.FashionMnist;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Layer;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.OptimizerConfig;
import org.nn4j.regularizers.Regularizer;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;
import org.nn4j.training.EpochLog;
import org.nn4j.training.History;
import org.nn4j.training.Trainer;
import org.nn4j.training.TrainingConfig;

/**
 * The measurements behind {@code nn bench}, made as PyTorch's peer script ({@code bench/torch_mlp.py}) makes them,
 * so that the two can be set side by side: float32 MLPs with ReLU hidden layers and a softmax output trained by
 * Adam (lr 1e-3) on shuffled batches of 128; throughput over the epochs after the first; inference on the test
 * set in batches of 1024; single-sample latency over 2,500 calls after 500 of warm-up. Before either, the
 * prediction runs for {@link #WARM_UP_NANOS} so that it is timed compiled, as a server runs it: the peer's own
 * warm-up (one pass, 500 calls) is all its precompiled code needs, while the JIT compiles the Java path only after
 * thousands of calls (I2's p50 here: 16 µs after the peer's warm-up alone, 9.5 µs after a second of it).
 */
final class Workloads {
    static final int BATCH = 128;
    /** How long inference runs untimed before it is measured: one second. */
    static final long WARM_UP_NANOS = 1_000_000_000L;

    private Workloads() {
    }

    /** A float32 MLP on Fashion-MNIST's 784 pixels: ReLU hidden layers of the given widths, softmax over 10. */
    static Sequential mlp(int... hidden) {
        Layer[] layers = new Layer[hidden.length + 1];
        for (int i = 0; i < hidden.length; i++) {
            layers[i] = new Dense(hidden[i], Activation.RELU);
        }
        layers[hidden.length] = new Dense(10, Activation.SOFTMAX);
        return new Sequential(784, Loss.CATEGORICAL_CROSSENTROPY, layers);
    }

    /**
     * A float32 convolutional network on Fashion-MNIST's 1×28×28 images: {@code layers} as {@code --layers} writes
     * them ({@link Preset#LENET5_LAYERS} for C1, {@link Preset#FASHION_CNN_LAYERS} for C2), softmax over 10.
     */
    static Sequential cnn(String layers) {
        List<Layer> stack = new ArrayList<>(LayerList.parse(List.of(layers.split(",")), Regularizer.NONE, 0));
        stack.add(new Dense(10, Activation.SOFTMAX));
        return new Sequential(FashionMnist.SHAPE, Loss.CATEGORICAL_CROSSENTROPY, DType.F32, stack);
    }

    /** Trains {@code model} for {@code epochs} epochs and returns the samples per second of epochs 2 onwards. */
    static double train(Sequential model, Dataset train, int epochs, long seed) {
        return train(model, train, epochs, seed, OptimizerConfig.named("adam", 1e-3));
    }

    /** As {@link #train(Sequential, Dataset, int, long)} with {@code optimizer} instead of Adam at 1e-3. */
    static double train(Sequential model, Dataset train, int epochs, long seed, OptimizerConfig optimizer) {
        TrainingConfig config = TrainingConfig.builder().epochs(epochs).batchSize(BATCH)
                .optimizer(optimizer).seed(seed).build();
        History history = new Trainer(config).quiet().fit(model, train);
        double seconds = 0;
        for (EpochLog log : history.epochs().subList(1, epochs)) {
            seconds += log.get("seconds");
        }
        return (double) (epochs - 1) * train.size() / seconds;
    }

    /**
     * Samples per second of {@code model.predict} over the whole set: the median of five runs after the warm-up
     * (one run at least).
     */
    static double inference(Sequential model, Dataset data) {
        long end = System.nanoTime() + WARM_UP_NANOS;
        do {
            model.predict(data.features(), data.size());
        } while (System.nanoTime() < end);
        long[] nanos = new long[5];
        for (int run = 0; run < nanos.length; run++) {
            long start = System.nanoTime();
            model.predict(data.features(), data.size());
            nanos[run] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return data.size() / (nanos[nanos.length / 2] / 1e9);
    }

    /**
     * Microseconds per single-sample {@code predict} (one image in, class probabilities out), p50 and p99 of
     * 2,500 calls after the warm-up and 500 more, cycling through the set's first images as the peer does.
     */
    static double[] latency(Sequential model, Dataset data) {
        int width = data.numFeatures();
        float[] image = new float[width];
        long end = System.nanoTime() + WARM_UP_NANOS;
        for (int i = 0; System.nanoTime() < end; i++) {
            System.arraycopy(data.features(), (i % data.size()) * width, image, 0, width);
            model.predict(image, 1);
        }
        long[] nanos = new long[3000];
        for (int i = 0; i < nanos.length; i++) {
            System.arraycopy(data.features(), (i % data.size()) * width, image, 0, width);
            long start = System.nanoTime();
            model.predict(image, 1);
            nanos[i] = System.nanoTime() - start;
        }
        long[] kept = Arrays.copyOfRange(nanos, 500, nanos.length);
        Arrays.sort(kept);
        return new double[]{percentile(kept, 0.50) / 1e3, percentile(kept, 0.99) / 1e3};
    }

    /** Linear interpolation between closest ranks, as numpy's percentile does by default. */
    private static double percentile(long[] sorted, double q) {
        double at = q * (sorted.length - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * The GEMM rate (GFLOP/s, 2·m·n·k per product) of one training step's products for layer widths
     * {@code widths} (input first) and a batch of {@link #BATCH}: Z = W·A forward, dW = dZ·Aᵀ and dA = Wᵀ·dZ
     * backward (none for the input), through the GEMM in use; the median of five half-second rounds.
     */
    static double gemmRate(List<Integer> widths) {
        int layers = widths.size() - 1;
        // Inputs stay fixed and every product writes a buffer of its own, so values neither grow nor decay.
        Tensor[][] t = new Tensor[5][layers];
        for (int l = 0; l < layers; l++) {
            int in = widths.get(l);
            int out = widths.get(l + 1);
            t[0][l] = filled(out, in);
            t[1][l] = filled(in, BATCH);
            t[2][l] = filled(out, BATCH);
            t[3][l] = filled(out, in);
            t[4][l] = filled(in, BATCH);
        }
        double flops = 0;
        for (int l = 0; l < layers; l++) {
            flops += 2.0 * BATCH * widths.get(l) * widths.get(l + 1) * (l == 0 ? 2 : 3);
        }
        double[] rates = new double[5];
        step(t);
        for (int round = 0; round < rates.length; round++) {
            long start = System.nanoTime();
            long steps = 0;
            long elapsed;
            do {
                step(t);
                steps++;
                elapsed = System.nanoTime() - start;
            } while (elapsed < 500_000_000L);
            rates[round] = flops * steps / elapsed;  // per nanosecond: GFLOP/s
        }
        Arrays.sort(rates);
        return rates[rates.length / 2];
    }

    /** W, A, Z, dW, dA of each layer: Z = W·A, then dW = Z·Aᵀ and dA = Wᵀ·Z (Z standing in for dZ). */
    private static void step(Tensor[][] t) {
        int layers = t[0].length;
        for (int l = 0; l < layers; l++) {
            Ops.gemm(false, false, 1, t[0][l], t[1][l], 0, t[2][l]);
        }
        for (int l = layers - 1; l >= 0; l--) {
            Ops.gemm(false, true, 1, t[2][l], t[1][l], 0, t[3][l]);
            if (l > 0) {
                Ops.gemm(true, false, 1, t[0][l], t[2][l], 0, t[4][l]);
            }
        }
    }

    private static Tensor filled(int rows, int cols) {
        Tensor t = Tensor.zeros(DType.F32, rows, cols);
        Ops.fill(t, 0.01);
        return t;
    }

    /** The process's peak resident set in MB (VmHWM), or NaN where /proc does not tell it. */
    static double peakRssMb() {
        Path status = Path.of("/proc/self/status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
