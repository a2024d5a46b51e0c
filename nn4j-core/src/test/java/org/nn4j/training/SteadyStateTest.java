package org.nn4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nn4j.activations.Activation;
import org.nn4j.data.Dataset;
import org.nn4j.layers.Dense;
import org.nn4j.losses.Loss;
import org.nn4j.models.Batch;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.Adam;
import org.nn4j.optimizers.Optimizer;
import org.nn4j.optimizers.OptimizerConfig;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Parallel;
import org.nn4j.tensor.Tensor;

/**
 * The training step at steady state: it allocates nothing, and its result does not depend on how many threads
 * nn4j's kernels use. The network is large enough (over 100,000 parameters, batches of 128) that Adam, the batch
 * gather and the activations are split across threads.
 */
class SteadyStateTest {
    private final int threadsBefore = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threadsBefore);
    }

    private static Dataset data(int n, int width) {
        SplittableRandom rng = new SplittableRandom(1);
        float[] x = new float[n * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble();
        }
        int[] labels = rng.ints(n, 0, 10).toArray();
        return Dataset.classification(x, width, labels, List.of());
    }

    private static Sequential model() {
        return new Sequential(784, Loss.CATEGORICAL_CROSSENTROPY, new Dense(128, Activation.RELU),
                new Dense(64, Activation.leakyRelu()), new Dense(10, Activation.SOFTMAX)).initialize(7);
    }

    @Test
    void aTrainingStepAllocatesNothing() {
        Dataset train = data(1024, 784);
        Sequential model = model();
        assertTrue(model.parameterCount() > 100_000);
        Optimizer adam = new Adam(1e-3);
        Batch batch = new Batch(DType.F32);
        int[] order = Batch.identity(train.size());
        int[] scratch = new int[128];
        Runnable epoch = () -> {
            for (int from = 0; from < train.size(); from += 128) {
                Tensor x = batch.features(train.features(), 784, order, from, 128);
                Tensor y = batch.targets(train, order, from, 128, 10);
                model.computeGradients(x, y);
                adam.step(model.parameters(), model.gradients());
                Sequential.countCorrect(model.lastOutput(), train.labels(), order, from, scratch);
            }
        };
        assertReachesZeroAllocation(epoch);
    }

    /**
     * Runs {@code epoch} (eight training steps) in windows of five until a whole window allocates nothing in this
     * thread. The JIT compiler allocates now and then while it settles (deoptimisation, recompilation); steady state
     * is reached when a whole window of 40 steps allocates nothing. A step that allocated anything at all, even a
     * varargs array, would never get there.
     */
    static void assertReachesZeroAllocation(Runnable epoch) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] windows = new long[60];
        for (int w = 0; w < windows.length; w++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int e = 0; e < 5; e++) {
                epoch.run();
            }
            windows[w] = threads.getCurrentThreadAllocatedBytes() - before;
            if (w >= 5 && windows[w] == 0) {
                return;
            }
        }
        fail("every window of 40 training steps allocated: " + java.util.Arrays.toString(windows) + " bytes");
    }

    @Test
    void weightsAreTheSameBitForBitOnOneThreadAndOnThree() {
        Dataset train = data(512, 784);
        TrainingConfig config = TrainingConfig.builder().epochs(2).batchSize(128)
                .optimizer(OptimizerConfig.named("adam", 1e-3)).seed(3).build();
        double[][] weights = new double[2][];
        int[] counts = {1, 3};
        for (int k = 0; k < 2; k++) {
            Parallel.setThreads(counts[k]);
            Sequential model = model();
            new Trainer(config).fit(model, train);
            weights[k] = model.parameters().toDoubleArray();
        }
        assertArrayEquals(weights[0], weights[1], 0);
    }
}
