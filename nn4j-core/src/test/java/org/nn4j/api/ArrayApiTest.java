package org.nn4j.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.activations.Activation;
import org.nn4j.data.Dataset;
import org.nn4j.io.ModelFileException;
import org.nn4j.io.SavedModel;
import org.nn4j.layers.Dense;
import org.nn4j.losses.Loss;
import org.nn4j.models.Evaluation;
import org.nn4j.models.Sequential;
import org.nn4j.models.UninitializedModelException;
import org.nn4j.optimizers.OptimizerConfig;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;
import org.nn4j.training.EpochLog;
import org.nn4j.training.History;
import org.nn4j.training.ProgressLogger;
import org.nn4j.training.Trainer;
import org.nn4j.training.TrainingConfig;

/** The array API: samples first in and out, weights required, float64 kept exact, and what each failure says. */
class ArrayApiTest {
    private static final TrainingConfig TWO_EPOCHS = TrainingConfig.builder().epochs(2).batchSize(8).seed(7)
            .optimizer(OptimizerConfig.named("sgd", 0.1)).build();

    private static double[][] rows(int n, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = rng.nextDouble(-1, 1);
            }
        }
        return x;
    }

    private static float[][] toFloats(double[][] x) {
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new float[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = (float) x[i][j];
            }
        }
        return out;
    }

    private static Sequential classifier(DType dtype) {
        return new Sequential(3, Loss.CATEGORICAL_CROSSENTROPY, dtype, new Dense(4, Activation.TANH),
                new Dense(2, Activation.SOFTMAX));
    }

    @Test
    void rowsInRowsOutAgreeWithTheFlatSampleMajorForm() {
        float[][] x = toFloats(rows(5, 3, 1));
        Sequential model = classifier(DType.F32).initialize(1);
        float[][] p = model.predict(x);
        float[] flat = model.predict(new float[] {x[0][0], x[0][1], x[0][2], x[1][0], x[1][1], x[1][2], x[2][0],
            x[2][1], x[2][2], x[3][0], x[3][1], x[3][2], x[4][0], x[4][1], x[4][2]});
        assertEquals(5, p.length);
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(new float[] {flat[2 * i], flat[2 * i + 1]}, p[i]);
            assertEquals(1.0, p[i][0] + p[i][1], 1e-6, "softmax rows sum to 1");
            assertEquals(p[i][1] > p[i][0] ? 1 : 0, model.predictClasses(x)[i]);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.predict(new float[][] {{1, 2}}));
        assertEquals("x[0] has 2 values; the model takes 3 features", e.getMessage());
    }

    /** A float64 model on float64 rows computes y = w·x + b in double: the hand value to the last bit. */
    @Test
    void aFloat64ModelPredictsFloat64RowsExactly() {
        Sequential model = new Sequential(2, Loss.MEAN_SQUARED_ERROR, DType.F64, new Dense(1, Activation.LINEAR))
                .initialize(1);
        Ops.copy(Tensor.wrap(new double[] {0.1, 0.2, 0.3}, 3, 1), model.parameters());  // W = [0.1 0.2], b = 0.3
        double[][] x = {{1.0 / 3, 2.0 / 3}, {1e-9, 7.123456789012345}};
        double[][] y = model.predict(x);
        assertEquals(0.1 * (1.0 / 3) + 0.2 * (2.0 / 3) + 0.3, y[0][0], 0.0);
        assertEquals(0.1 * 1e-9 + 0.2 * 7.123456789012345 + 0.3, y[1][0], 1e-16);
        assertTrue(Math.abs(y[1][0] - (float) y[1][0]) > 0, "more than float32 precision");
    }

    /** Training a float64 model on double rows differs from training it on their float32 roundings. */
    @Test
    void float64DataReachesAFloat64ModelUnrounded() {
        double[][] x = rows(32, 3, 2);
        double[][] y = new double[32][1];
        for (int i = 0; i < 32; i++) {
            y[i][0] = x[i][0] - 2 * x[i][1] + 0.5 * x[i][2];
        }
        double[][] weights = new double[3][];
        Dataset[] sets = {Dataset.regression(x, y), Dataset.regression(toFloats(x), toFloats(y)),
            Dataset.regression(x, y)};
        for (int k = 0; k < 3; k++) {
            Sequential model = new Sequential(3, Loss.MEAN_SQUARED_ERROR, DType.F64, new Dense(1, Activation.LINEAR));
            new Trainer(TWO_EPOCHS).quiet().fit(model, sets[k]);
            weights[k] = model.parameters().toDoubleArray();
        }
        assertArrayEquals(weights[0], weights[2], 0.0, "the same data and seed give the same weights");
        assertFalse(java.util.Arrays.equals(weights[0], weights[1]), "float32 roundings give other weights");
        assertTrue(sets[0].isDouble() && !sets[1].isDouble());
    }

    @Test
    void computeGradientsFromSamplesEqualsTheFeatureMajorForm() {
        double[][] x = rows(6, 3, 3);
        int[] labels = {0, 1, 1, 0, 1, 0};
        Sequential model = classifier(DType.F64).initialize(4);
        double loss = model.computeGradients(Dataset.classification(x, labels));
        double[] grads = model.gradients().toDoubleArray();
        Tensor xt = Tensor.zeros(DType.F64, 3, 6);
        Tensor yt = Tensor.zeros(DType.F64, 2, 6);
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 3; j++) {
                xt.set(j, i, x[i][j]);
            }
            yt.set(labels[i], i, 1);
        }
        assertEquals(model.computeGradients(xt, yt), loss, 0.0);
        assertArrayEquals(model.gradients().toDoubleArray(), grads, 0.0);
    }

    @Test
    void aModelWithoutWeightsRefusesToPredictEvaluateSaveOrDifferentiate(@TempDir Path dir) {
        Sequential model = classifier(DType.F32);
        Dataset data = Dataset.classification(toFloats(rows(4, 3, 5)), new int[] {0, 1, 0, 1});
        List<Runnable> uses = List.of(() -> model.predict(new float[3]), () -> model.predict(new float[1][3]),
                () -> model.evaluate(data), () -> model.computeGradients(data));
        for (Runnable use : uses) {
            UninitializedModelException e = assertThrows(UninitializedModelException.class, use::run);
            assertTrue(e.getMessage().contains("the model has no weights yet; call initialize(seed)"), e.getMessage());
        }
        UninitializedModelException e = assertThrows(UninitializedModelException.class,
                () -> SavedModel.of(model).save(dir.resolve("m.nn")));
        assertTrue(e.getMessage().startsWith("cannot save:"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("m.nn")));
        new Trainer(TWO_EPOCHS).quiet().fit(model, data);  // fit draws the weights from the seed
        assertEquals(4, model.predict(new float[4][3]).length);
    }

    @Test
    void toStringsShowWhatTheObjectHolds() {
        Sequential model = new Sequential(784, Loss.CATEGORICAL_CROSSENTROPY, new Dense(256, Activation.RELU),
                new Dense(10, Activation.SOFTMAX));
        assertEquals("Sequential(784 → Dense(256, relu) → Dense(10, softmax); categorical_crossentropy, float32,"
                + " 203,530 parameters, no weights yet)", model.toString());
        assertEquals("Dense(256, relu)", model.layers().get(0).toString());
        EpochLog log = new EpochLog(3, Map.of("loss", 0.41234, "seconds", 2.06));
        assertEquals("epoch 3: loss 0.4123, 2.1 s", log.toString());
        History h = new History();
        assertEquals("History(no epochs)", h.toString());
        h.add(log);
        assertEquals("History(1 epoch; last epoch 3: loss 0.4123, 2.1 s)", h.toString());
        assertEquals("Evaluation(categorical_crossentropy 0.3412, accuracy 0.8812, 10000 samples)",
                new Evaluation("categorical_crossentropy", 0.34121, 0.88119, 10000).toString());
        assertEquals("Evaluation(mse 0.0100, 5 samples)", new Evaluation("mse", 0.01, Double.NaN, 5).toString());
    }

    @Test
    void trainingPrintsOneLinePerEpochUnlessQuiet() {
        Dataset data = Dataset.classification(toFloats(rows(16, 3, 6)), new int[16]);
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            new Trainer(TWO_EPOCHS).fit(classifier(DType.F32), data);
            new Trainer(TWO_EPOCHS).quiet().fit(classifier(DType.F32), data);
        } finally {
            System.setOut(original);
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, out.toString(StandardCharsets.UTF_8));
        assertTrue(lines[0].startsWith("epoch 1/2: loss "), lines[0]);
        assertTrue(lines[1].startsWith("epoch 2/2: loss ") && lines[1].contains(", accuracy "), lines[1]);
        List<String> collected = new ArrayList<>();
        new Trainer(TWO_EPOCHS).quiet().addListener(new ProgressLogger(collected::add))
                .fit(classifier(DType.F32), data);
        assertEquals(2, collected.size());
    }

    @Test
    void failuresNameTheirCause(@TempDir Path dir) {
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Dataset.regression(new float[] {1, 2, 3}, 1, new float[] {0, 1, Float.NaN}, 1));
        assertEquals("target 0 of sample 2 is NaN; regression targets must be finite numbers", nan.getMessage());
        IllegalArgumentException inf = assertThrows(IllegalArgumentException.class,
                () -> Dataset.regression(new double[][] {{1}, {2}}, new double[][] {{0, 1}, {Double.NEGATIVE_INFINITY, 2}}));
        assertEquals("y[1][0] is -Infinity; values must be finite", inf.getMessage());

        Dataset unlabeled = Dataset.unlabeled(new float[][] {{1, 2, 3}, {4, 5, 6}});
        IllegalArgumentException noLabels = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(TWO_EPOCHS).quiet().fit(classifier(DType.F32), unlabeled));
        assertTrue(noLabels.getMessage().startsWith("the data set has no labels or targets"), noLabels.getMessage());

        Path missing = dir.resolve("missing.nn");
        ModelFileException notFound = assertThrows(ModelFileException.class, () -> SavedModel.load(missing));
        assertEquals(ModelFileException.Problem.NOT_FOUND, notFound.problem());
        assertTrue(notFound.getMessage().startsWith(missing + ": no such file"), notFound.getMessage());
        ModelFileException directory = assertThrows(ModelFileException.class, () -> SavedModel.load(dir));
        assertEquals(ModelFileException.Problem.DIRECTORY, directory.problem());
        assertTrue(directory.getMessage().startsWith(dir + ": a directory"), directory.getMessage());

        assertEquals(List.of("0", "1"),
                Dataset.classification(new float[] {1, 2}, 1, new int[] {0, 1}, null).classNames());
    }
}
