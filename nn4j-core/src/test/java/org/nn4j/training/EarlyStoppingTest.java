package org.nn4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nn4j.activations.Activation;
import org.nn4j.data.Dataset;
import org.nn4j.layers.BatchNorm;
import org.nn4j.layers.Dense;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.OptimizerConfig;

class EarlyStoppingTest {
    /** Labels that are pure noise: a large network memorises the training set and its validation loss rises. */
    private static Dataset noise(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * 5];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 5; j++) {
                x[5 * i + j] = (float) rng.nextGaussian();
            }
            y[i] = rng.nextInt(2);
        }
        return Dataset.classification(x, 5, y, List.of());
    }

    /** Records the weights and running statistics at the end of every epoch. */
    private static final class Recorder implements TrainingListener {
        final List<double[]> weights = new ArrayList<>();
        final List<double[]> state = new ArrayList<>();
        private Sequential model;

        @Override
        public void onTrainBegin(Sequential model) {
            this.model = model;
        }

        @Override
        public void onEpochEnd(EpochLog log) {
            weights.add(model.parameters().toDoubleArray());
            state.add(model.state().toDoubleArray());
        }
    }

    @Test
    void restoreBestWeightsReturnsTheWeightsOfTheBestValidationEpoch() {
        Sequential model = new Sequential(5, Loss.CATEGORICAL_CROSSENTROPY,
                new Dense(64, Activation.RELU), new BatchNorm(), new Dense(2, Activation.SOFTMAX));
        TrainingConfig config = TrainingConfig.builder().epochs(60).batchSize(16).seed(4)
                .optimizer(OptimizerConfig.named("adam", 0.01))
                .earlyStopping(EarlyStopping.Config.parse("val_loss:3")).build();
        Recorder recorder = new Recorder();
        History h = new Trainer(config).addListener(recorder).fit(model, noise(200, 1), noise(200, 2));
        double[] valLoss = h.metric("val_loss");
        int best = 0;
        for (int e = 1; e < valLoss.length; e++) {
            if (valLoss[e] < valLoss[best]) {
                best = e;
            }
        }
        assertTrue(valLoss.length < 60, "stopped early: " + valLoss.length + " epochs");
        assertEquals(valLoss.length - 1 - 3, best, "stopped 3 epochs after the best");
        assertArrayEquals(recorder.weights.get(best), model.parameters().toDoubleArray(), 0);
        assertArrayEquals(recorder.state.get(best), model.state().toDoubleArray(), 0);
        double[] last = recorder.weights.get(valLoss.length - 1);
        assertTrue(!java.util.Arrays.equals(last, model.parameters().toDoubleArray()), "the last epoch differs");
    }

    @Test
    void monitoringAMetricThatIsNotReportedFailsNamingTheMetrics() {
        Sequential model = new Sequential(5, Loss.CATEGORICAL_CROSSENTROPY, new Dense(2, Activation.SOFTMAX));
        TrainingConfig config = TrainingConfig.builder().epochs(2)
                .earlyStopping(EarlyStopping.Config.parse("val_accuracy:2")).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(config).fit(model, noise(20, 3)));
        assertTrue(e.getMessage().contains("'val_accuracy' is not reported") && e.getMessage().contains("loss"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EarlyStopping.Config.parse("val_loss:x"));
    }
}
