package org.nn4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nn4j.activations.Activation;
import org.nn4j.data.Dataset;
import org.nn4j.layers.Dense;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.OptimizerConfig;
import org.nn4j.optimizers.Sgd;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/** Resuming, exactly ordered passes and full-batch descent, each against an independent computation. */
class TrainerResumeTest {
    private static Dataset data(int n) {
        SplittableRandom rng = new SplittableRandom(12);
        float[] x = new float[3 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 3; j++) {
                x[3 * i + j] = (float) ((j == y[i] ? 1.5 : 0) + rng.nextGaussian());
            }
        }
        return Dataset.classification(x, 3, y, List.of("a", "b", "c"));
    }

    private static Sequential model(DType dtype) {
        return new Sequential(3, Loss.CATEGORICAL_CROSSENTROPY, dtype,
                List.of(new Dense(16, Activation.RELU), new Dense(3, Activation.SOFTMAX)));
    }

    /** Keeps the weights and state at the end of one epoch, as a checkpoint would. */
    private static final class Snapshot implements TrainingListener {
        final int at;
        final Sequential model;
        Tensor weights;
        TrainingState state;

        Snapshot(int at, Sequential model) {
            this.at = at;
            this.model = model;
        }

        @Override
        public void onEpochState(TrainingState s) {
            if (s.epoch() == at) {
                weights = model.parameters().copy(model.dtype());
                state = s;
            }
        }
    }

    private static void resumedRunEndsWithTheSameWeights(DType dtype) {
        Dataset train = data(300);
        TrainingConfig config = TrainingConfig.builder().epochs(5).batchSize(32).validationSplit(0.2)
                .optimizer(OptimizerConfig.named("adam", 0.01)).seed(21).build();
        Sequential straight = model(dtype);
        Snapshot snapshot = new Snapshot(2, straight);
        History full = new Trainer(config).addListener(snapshot).fit(straight, train);

        Sequential resumed = model(dtype);
        Ops.copy(snapshot.weights, resumed.parameters());
        resumed.markInitialized();
        History rest = new Trainer(config).resume(resumed, train, snapshot.state);

        assertArrayEquals(straight.parameters().toDoubleArray(), resumed.parameters().toDoubleArray(), 0);
        assertEquals(5, rest.epochs().size());
        assertArrayEquals(full.metric("val_loss"), rest.metric("val_loss"), 0);
    }

    @Test
    void aResumedFloat32RunEndsWithTheWeightsOfAnUninterruptedOne() {
        resumedRunEndsWithTheSameWeights(DType.F32);
    }

    @Test
    void aResumedFloat64RunEndsWithTheWeightsOfAnUninterruptedOne() {
        resumedRunEndsWithTheSameWeights(DType.F64);
    }

    @Test
    void aStateFromAnotherModelIsRefused() {
        Sequential small = model(DType.F32);
        Snapshot snapshot = new Snapshot(1, small);
        TrainingConfig config = TrainingConfig.builder().epochs(1).build();
        new Trainer(config).addListener(snapshot).fit(small, data(30));
        Sequential other = new Sequential(3, Loss.CATEGORICAL_CROSSENTROPY,
                new Dense(4, Activation.RELU), new Dense(3, Activation.SOFTMAX)).initialize(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(TrainingConfig.builder().epochs(2).build()).resume(other, data(30), snapshot.state));
        assertEquals("the optimiser state 'm' is 115×1 but the model has 31×1 parameters", e.getMessage());
    }

    /** Without shuffling, batches of one sample are plain per-sample SGD over the data in file order. */
    @Test
    void noShuffleVisitsTheSamplesInFileOrder() {
        Dataset train = data(20);
        Sequential trained = model(DType.F64).initialize(5);
        Sequential manual = model(DType.F64).initialize(5);
        new Trainer(TrainingConfig.builder().epochs(1).batchSize(1).shuffle(false)
                .optimizer(new Sgd.Config(0.05, 0)).build()).fit(trained, train);
        for (int i = 0; i < train.size(); i++) {
            Tensor x = Tensor.zeros(DType.F64, 3, 1);
            Tensor y = Tensor.zeros(DType.F64, 3, 1);
            for (int j = 0; j < 3; j++) {
                x.set(j, 0, train.features()[3 * i + j]);
            }
            y.set(train.labels()[i], 0, 1);
            manual.computeGradients(x, y);
            Ops.axpby(-0.05, manual.gradients(), 1, manual.parameters(), manual.parameters());
        }
        assertArrayEquals(manual.parameters().toDoubleArray(), trained.parameters().toDoubleArray(), 0);
    }

    /** A batch at least as large as the data set makes each epoch one step of gradient descent on all of it. */
    @Test
    void aBatchAsLargeAsTheDataIsFullBatchGradientDescent() {
        Dataset train = data(50);
        Sequential trained = model(DType.F64).initialize(6);
        Sequential manual = model(DType.F64).initialize(6);
        new Trainer(TrainingConfig.builder().epochs(3).batchSize(1000).shuffle(false)
                .optimizer(new Sgd.Config(0.1, 0)).build()).fit(trained, train);
        Tensor x = Tensor.zeros(DType.F64, 3, 50);
        Tensor y = Tensor.zeros(DType.F64, 3, 50);
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 3; j++) {
                x.set(j, i, train.features()[3 * i + j]);
            }
            y.set(train.labels()[i], i, 1);
        }
        for (int step = 0; step < 3; step++) {
            manual.computeGradients(x, y);
            Ops.axpby(-0.1, manual.gradients(), 1, manual.parameters(), manual.parameters());
        }
        assertArrayEquals(manual.parameters().toDoubleArray(), trained.parameters().toDoubleArray(), 0);
    }
}
