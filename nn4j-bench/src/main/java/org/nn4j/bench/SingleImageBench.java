package org.nn4j.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nn4j.initializers.Initializer;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.MaxPool2D;
import org.nn4j.layers.Padding;
import org.nn4j.layers.Parameter;
import org.nn4j.regularizers.Regularizer;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Shape;
import org.nn4j.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Two float32 layers of C2's first block (32 × 28 × 28 per sample) in inference, for one image as a prediction
 * service runs them and for a batch of 128: the 3 × 3 "same" convolution from 32 to 32 channels (im2col, here a
 * shifted channel at a time, and one GEMM) and the 2 × 2 max pooling (for one image combined where the values lie,
 * for the batch through the workspaces). Microseconds per pass.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SingleImageBench {
    @Param({"1", "128"})
    public int samples;

    private Conv2D conv;
    private MaxPool2D pool;
    private Tensor x;

    @Setup
    public void setUp() {
        Shape image = Shape.image(32, 28, 28);
        conv = new Conv2D(32, 3, 3, 1, 1, Padding.SAME, false, Initializer.HE_NORMAL, Regularizer.NONE, 0);
        conv.build(image, DType.F32);
        SplittableRandom weights = new SplittableRandom(2);
        for (Parameter p : conv.parameters()) {
            Tensor value = Tensor.zeros(DType.F32, p.rows(), p.cols());
            Ops.fill(value, () -> weights.nextDouble(-0.1, 0.1));
            p.attach(value, Tensor.zeros(DType.F32, p.rows(), p.cols()));
        }
        pool = new MaxPool2D(2);
        pool.build(image, DType.F32);
        x = Tensor.zeros(DType.F32, image.size(), samples);
        SplittableRandom rng = new SplittableRandom(1);
        Ops.fill(x, () -> rng.nextDouble(-1, 1));
    }

    @Benchmark
    public Tensor convolution() {
        return conv.forward(x, false);
    }

    @Benchmark
    public Tensor maxPool() {
        return pool.forward(x, false);
    }
}
