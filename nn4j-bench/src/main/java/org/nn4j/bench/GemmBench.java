package org.nn4j.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nn4j.tensor.Backend;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
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
 * float32 GEMM on the products of the T1 and T2 training steps (batch 128), through {@link Ops#gemm} and the
 * engine {@link Backend} chose; {@code -jvmArgs "--add-modules jdk.incubator.vector -Dnn4j.gemm=java"} times the
 * pure-Java one on its Vector API kernel instead (without the module, on its auto-vectorised loops). Microseconds
 * per product; GFLOP/s = 2·m·n·k / time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GemmBench {
    /** "m×n×k" of C = op(A)·op(B), then which operands are transposed: W·A, dZ·Aᵀ, Wᵀ·dZ. */
    @Param({"256x128x784:NN", "256x784x128:NT", "128x128x256:NN", "1024x128x1024:NN", "1024x1024x128:NT",
        "1024x128x1024:TN"})
    public String product;

    private Tensor a;
    private Tensor b;
    private Tensor c;
    private boolean transA;
    private boolean transB;

    @Setup
    public void setUp() {
        String[] parts = product.split("[x:]");
        int m = Integer.parseInt(parts[0]);
        int n = Integer.parseInt(parts[1]);
        int k = Integer.parseInt(parts[2]);
        transA = parts[3].charAt(0) == 'T';
        transB = parts[3].charAt(1) == 'T';
        a = random(transA ? k : m, transA ? m : k, 1);
        b = random(transB ? n : k, transB ? k : n, 2);
        c = Tensor.zeros(DType.F32, m, n);
        System.err.println("gemm: " + Backend.describe());
    }

    private static Tensor random(int rows, int cols, long seed) {
        Tensor t = Tensor.zeros(DType.F32, rows, cols);
        SplittableRandom rng = new SplittableRandom(seed);
        Ops.fill(t, () -> rng.nextDouble(-1, 1));
        return t;
    }

    @Benchmark
    public Tensor gemm() {
        Ops.gemm(transA, transB, 1, a, b, 0, c);
        return c;
    }
}
