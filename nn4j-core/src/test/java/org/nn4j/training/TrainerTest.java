package org.nn4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nn4j.activations.Activation;
import org.nn4j.data.Dataset;
import org.nn4j.layers.Dense;
import org.nn4j.losses.Loss;
import org.nn4j.models.Evaluation;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.OptimizerConfig;
import org.nn4j.optimizers.Sgd;

class TrainerTest {
    private static final Dataset XOR = Dataset.classification(
            new float[]{0, 0, 0, 1, 1, 0, 1, 1}, 2, new int[]{0, 1, 1, 0}, List.of());

    @Test
    void learnsXorWithOneSigmoidOutput() {
        Sequential model = new Sequential(2, Loss.BINARY_CROSSENTROPY,
                new Dense(8, Activation.TANH), new Dense(1, Activation.SIGMOID));
        TrainingConfig config = TrainingConfig.builder().epochs(500).batchSize(4)
                .optimizer(OptimizerConfig.named("adam", 0.05)).seed(3).build();
        History h = new Trainer(config).fit(model, XOR);
        assertTrue(h.last().get("loss") < 0.05, () -> "final loss " + h.last().get("loss"));
        assertArrayEquals(new int[]{0, 1, 1, 0}, model.predictClasses(XOR.features(), 4));
        float[] p = model.predict(XOR.features(), 4);
        assertTrue(p[0] < 0.1 && p[1] > 0.9 && p[2] > 0.9 && p[3] < 0.1, () -> java.util.Arrays.toString(p));
    }

    @Test
    void oneHotLabelsBecomeClassIndices() {
        Dataset oneHot = Dataset.classificationFromOneHot(XOR.features(), 2,
                new float[]{1, 0, 0, 1, 0, 1, 1, 0}, List.of("even", "odd"));
        assertArrayEquals(XOR.labels(), oneHot.labels());
        assertThrows(IllegalArgumentException.class, () -> Dataset.classificationFromOneHot(XOR.features(), 2,
                new float[]{1, 1, 0, 1, 0, 1, 1, 0}, List.of("even", "odd")));
    }

    @Test
    void learnsXorWithSoftmaxAndPlainSgd() {
        Sequential model = new Sequential(2, Loss.CATEGORICAL_CROSSENTROPY,
                new Dense(8, Activation.RELU), new Dense(2, Activation.SOFTMAX));
        TrainingConfig config = TrainingConfig.builder().epochs(2000).batchSize(4)
                .optimizer(new Sgd.Config(0.1, 0.9)).seed(11).build();
        new Trainer(config).fit(model, XOR);
        assertEquals(1.0, model.evaluate(XOR).accuracy());
    }

    /** Two Gaussian blobs centred at (−1, −1) and (+1, +1), σ = 0.7: linearly separable up to ~8% overlap. */
    static Dataset blobs(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            double centre = y[i] == 0 ? -1 : 1;
            x[2 * i] = (float) (centre + 0.7 * rng.nextGaussian());
            x[2 * i + 1] = (float) (centre + 0.7 * rng.nextGaussian());
        }
        return Dataset.classification(x, 2, y, List.of("low", "high"));
    }

    @Test
    void separatesTwoClassesAndReportsValidation() {
        Dataset train = blobs(2000, 1);
        Dataset test = blobs(1000, 2);
        Sequential model = new Sequential(2, Loss.BINARY_CROSSENTROPY,
                new Dense(16, Activation.RELU), new Dense(1, Activation.SIGMOID));
        TrainingConfig config = TrainingConfig.builder().epochs(20).batchSize(32).validationSplit(0.2).seed(5).build();
        History h = new Trainer(config).fit(model, train);
        assertEquals(20, h.epochs().size());
        assertTrue(h.last().get("val_accuracy") > 0.9, h.last()::toString);
        // the Bayes error for these blobs is Φ(−√2/0.7) ≈ 2.2% and the Bayes log-loss about 0.06;
        // allow a margin above both
        Evaluation e = model.evaluate(test);
        assertTrue(e.accuracy() > 0.95, e::toString);
        assertTrue(e.loss() < 0.12, e::toString);
    }

    @Test
    void fitsALinearRegression() {
        SplittableRandom rng = new SplittableRandom(4);
        int n = 512;
        float[] x = new float[n * 3];
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                x[3 * i + j] = (float) rng.nextGaussian();
            }
            t[i] = 2 * x[3 * i] - x[3 * i + 1] + 0.5f * x[3 * i + 2] + 1;
        }
        Dataset data = Dataset.regression(x, 3, t, 1);
        Sequential model = new Sequential(3, Loss.MEAN_SQUARED_ERROR, new Dense(1, Activation.LINEAR));
        new Trainer(TrainingConfig.builder().epochs(100).batchSize(64)
                .optimizer(new Sgd.Config(0.05, 0)).build()).fit(model, data);
        double[] w = model.parameters().toDoubleArray();
        assertArrayEquals(new double[]{2, -1, 0.5, 1}, w, 1e-3);
        assertTrue(model.evaluate(data).loss() < 1e-6);
    }

    @Test
    void theSameSeedGivesTheSameWeightsToTheLastBit() {
        Dataset train = blobs(300, 9);
        double[][] runs = new double[2][];
        for (int r = 0; r < 2; r++) {
            Sequential model = new Sequential(2, Loss.CATEGORICAL_CROSSENTROPY,
                    new Dense(8, Activation.RELU), new Dense(2, Activation.SOFTMAX));
            new Trainer(TrainingConfig.builder().epochs(3).batchSize(16).seed(77).build()).fit(model, train);
            runs[r] = model.parameters().toDoubleArray();
        }
        assertArrayEquals(runs[0], runs[1], 0);
    }

    @Test
    void aDivergingRunStopsAtTheBatchWhereTheLossBreaks() {
        Dataset train = blobs(256, 3);
        Sequential model = new Sequential(2, Loss.MEAN_SQUARED_ERROR,
                new Dense(32, Activation.RELU), new Dense(2, Activation.LINEAR));
        TrainingConfig config = TrainingConfig.builder().epochs(50).batchSize(16)
                .optimizer(new Sgd.Config(10, 0)).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(config).fit(model, train));
        assertTrue(e.epoch() >= 1 && e.batch() >= 1);
        assertTrue(e.getMessage().contains("epoch " + e.epoch() + ", batch " + e.batch()), e.getMessage());
    }

    @Test
    void dataThatDoesNotFitTheModelIsRefused() {
        Sequential model = new Sequential(3, Loss.CATEGORICAL_CROSSENTROPY,
                new Dense(4, Activation.RELU), new Dense(2, Activation.SOFTMAX));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(TrainingConfig.builder().build()).fit(model, XOR));
        assertTrue(e.getMessage().contains("3 features"), e.getMessage());
    }
}
