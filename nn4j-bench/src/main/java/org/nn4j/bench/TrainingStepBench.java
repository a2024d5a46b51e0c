package org.nn4j.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nn4j.activations.Activation;
import org.nn4j.data.Dataset;
import org.nn4j.layers.Dense;
import org.nn4j.losses.Loss;
import org.nn4j.models.Batch;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.Adam;
import org.nn4j.optimizers.Optimizer;
import org.nn4j.tensor.DType;
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
 * One training step as {@code Trainer} runs it, on random Fashion-MNIST-shaped data (784 features, 10 classes,
 * batch 128): gather the batch, forward, backward, Adam. {@code hidden} is "256-128" for T1, "1024-1024" for T2.
 * Run with {@code -prof gc} to see that a step allocates nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrainingStepBench {
    private static final int BATCH = 128;
    private static final int SAMPLES = 4096;

    @Param({"256-128", "1024-1024"})
    public String hidden;

    private Sequential model;
    private Optimizer adam;
    private Batch batch;
    private Dataset data;
    private int[] order;
    private int from;

    @Setup
    public void setUp() {
        String[] widths = hidden.split("-");
        Dense[] layers = new Dense[widths.length + 1];
        for (int i = 0; i < widths.length; i++) {
            layers[i] = new Dense(Integer.parseInt(widths[i]), Activation.RELU);
        }
        layers[widths.length] = new Dense(10, Activation.SOFTMAX);
        model = new Sequential(784, Loss.CATEGORICAL_CROSSENTROPY, layers).initialize(1);
        adam = new Adam(1e-3);
        batch = new Batch(DType.F32);
        SplittableRandom rng = new SplittableRandom(2);
        float[] features = new float[SAMPLES * 784];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) rng.nextDouble();
        }
        data = Dataset.classification(features, 784, rng.ints(SAMPLES, 0, 10).toArray(), List.of());
        order = Batch.identity(SAMPLES);
    }

    @Benchmark
    public double step() {
        Tensor x = batch.features(data.features(), 784, order, from, BATCH);
        Tensor y = batch.targets(data, order, from, BATCH, 10);
        double loss = model.computeGradients(x, y);
        adam.step(model.parameters(), model.gradients());
        from = (from + BATCH) % (SAMPLES - BATCH);
        return loss;
    }
}
