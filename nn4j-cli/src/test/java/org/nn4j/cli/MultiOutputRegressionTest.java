package org.nn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.data.Dataset;
import org.nn4j.io.ModelFile;
import org.nn4j.io.SavedModel;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.DType;
import org.nn4j.training.Trainer;

/** {@code --label y0,y1,y2 --regression}: one output per target column, and float64 CSV values read as doubles. */
class MultiOutputRegressionTest {
    private static final int N = 300;
    @TempDir
    Path dir;

    /** Features x0..x3 and three targets, written with all 17 digits a double holds; targets amid the features. */
    private static double[][][] data() {
        SplittableRandom rng = new SplittableRandom(11);
        double[][] x = new double[N][4];
        double[][] y = new double[N][3];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = rng.nextDouble(-1, 1);
            }
            y[i] = new double[] {x[i][0] + x[i][1], x[i][2] - x[i][3], x[i][0] * x[i][3]};
        }
        return new double[][][] {x, y};
    }

    private Path csv(double[][] x, double[][] y) throws Exception {
        StringBuilder sb = new StringBuilder("x0,y0,x1,x2,y1,x3,y2\n");
        for (int i = 0; i < N; i++) {
            sb.append(x[i][0]).append(',').append(y[i][0]).append(',').append(x[i][1]).append(',').append(x[i][2])
                    .append(',').append(y[i][1]).append(',').append(x[i][3]).append(',').append(y[i][2]).append('\n');
        }
        Path file = dir.resolve("regression.csv");
        Files.writeString(file, sb.toString());
        return file;
    }

    private static double[][] rounded(double[][] values) {
        return Arrays.stream(values).map(r -> Arrays.stream(r).map(v -> (float) v).toArray()).toArray(double[][]::new);
    }

    /** nn train on the three targets with tanh units, checked to succeed. */
    private static Cli.Result train(Path csv, Path model, String... flags) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--data", csv.toString(), "--label",
                "y0,y1,y2", "--regression", "--activation", "tanh", "--out", model.toString()));
        args.addAll(List.of(flags));
        Cli.Result train = Cli.run(args.toArray(String[]::new));
        assertEquals(0, train.code(), train.err());
        return train;
    }

    @Test
    void aFloat64ModelFromCsvEqualsTheSameTrainingFromArraysBitForBit() throws Exception {
        double[][][] xy = data();
        Path csv = csv(xy[0], xy[1]);
        Path model = dir.resolve("m.nn");
        Cli.Result train = train(csv, model, "--dtype", "float64", "--scale", "none", "--layers", "16", "--epochs",
                "5", "--seed", "1");
        assertTrue(train.out().contains("4 features, regression"), train.out());
        SavedModel saved = ModelFile.load(model);
        assertEquals(3, saved.model().outputSize(), "one output per target column");
        assertEquals(DType.F64, saved.model().dtype());

        Sequential api = Sequential.fromConfig(saved.model().config(), DType.F64);
        new Trainer(saved.training()).quiet().fit(api, Dataset.regression(xy[0], xy[1]));
        assertArrayEquals(saved.model().parameters().toDoubleArray(), api.parameters().toDoubleArray(), 0.0,
                "the same weights to the last bit");

        Sequential fromFloats = Sequential.fromConfig(saved.model().config(), DType.F64);
        new Trainer(saved.training()).quiet().fit(fromFloats, Dataset.regression(rounded(xy[0]), rounded(xy[1])));
        assertFalse(Arrays.equals(api.parameters().toDoubleArray(), fromFloats.parameters().toDoubleArray()),
                "values rounded to float32, as CSV reading once did, train other weights");

        Path out = dir.resolve("p.csv");
        Cli.Result predict = Cli.run("predict", "--model", model.toString(), "--data", csv.toString(), "--label",
                "y0,y1,y2", "--out", out.toString());
        assertEquals(0, predict.code(), predict.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("output_0,output_1,output_2", lines.get(0));
        double[][] expected = api.predict(xy[0]);
        for (int i = 0; i < N; i++) {
            double[] row = Arrays.stream(lines.get(i + 1).split(",")).mapToDouble(Double::parseDouble).toArray();
            assertArrayEquals(expected[i], row, 0.0, "full float64 precision by default, row " + i);
        }

        Cli.Result three = Cli.run("predict", "--model", model.toString(), "--data", csv.toString(), "--label",
                "y0,y1,y2", "--precision", "3");
        assertEquals(0, three.code(), three.err());
        assertEquals(String.format(Locale.ROOT, "%.3g,%.3g,%.3g", expected[0][0], expected[0][1], expected[0][2]),
                three.out().lines().skip(1).findFirst().orElseThrow());
    }

    @Test
    void aMultiOutputModelLearnsAndMisuseIsNamed() throws Exception {
        double[][][] xy = data();
        Path csv = csv(xy[0], xy[1]);
        Path model = dir.resolve("m32.nn");
        train(csv, model, "--layers", "32", "--lr", "0.01", "--epochs", "60", "--seed", "2");
        SavedModel saved = ModelFile.load(model);
        double first = saved.history().get(0).get("loss");
        double last = saved.history().get(saved.history().size() - 1).get("loss");
        // the targets' variance is about 0.4; 60 epochs of Adam bring the mean squared error far below it
        assertTrue(last < first / 10 && last < 0.02, first + " → " + last);

        Cli.Result twoLabels = Cli.run("train", "--data", csv.toString(), "--label", "y0,y1");
        assertEquals(2, twoLabels.code(), "contradicting flags are a usage error");
        assertTrue(twoLabels.err().contains("several label columns need --regression"), twoLabels.err());
        Cli.Result missing = Cli.run("train", "--data", csv.toString(), "--label", "y0,z", "--regression");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no column named 'z'"), missing.err());
        Cli.Result precision = Cli.run("predict", "--model", model.toString(), "--data", csv.toString(), "--label",
                "y0,y1,y2", "--precision", "0");
        assertEquals(2, precision.code());
        assertTrue(precision.err().contains("--precision 0: expected 1..17 significant digits or full"),
                precision.err());
    }
}
