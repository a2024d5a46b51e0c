package org.nn4j.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nn4j.layers.MaxPool2D;
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
 * float32 2 × 2 max pooling of C2's first block (32 × 28 × 28 per sample) in inference: one image, as a prediction
 * service pools it (combined where the values lie), and a batch of 128 (through the workspaces). Microseconds per
 * pass.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PoolingBench {
    @Param({"1", "128"})
    public int samples;

    private MaxPool2D pool;
    private Tensor x;

    @Setup
    public void setUp() {
        Shape image = Shape.image(32, 28, 28);
        pool = new MaxPool2D(2);
        pool.build(image, DType.F32);
        x = Tensor.zeros(DType.F32, image.size(), samples);
        SplittableRandom rng = new SplittableRandom(1);
        Ops.fill(x, () -> rng.nextDouble(-1, 1));
    }

    @Benchmark
    public Tensor maxPool() {
        return pool.forward(x, false);
    }
}
