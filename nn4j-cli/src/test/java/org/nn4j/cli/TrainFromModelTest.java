package org.nn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.cli.Cli.Result;
import org.nn4j.data.CsvReader;
import org.nn4j.data.Dataset;
import org.nn4j.io.SavedModel;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/** {@code nn train --init}: training continues from a saved model's weights, scaling and architecture. */
class TrainFromModelTest {
    @TempDir
    Path dir;

    private Path csv() throws Exception {
        StringBuilder sb = new StringBuilder("a,b,c,label\n");
        SplittableRandom rng = new SplittableRandom(8);
        for (int i = 0; i < 120; i++) {
            int label = i % 3;
            sb.append(String.format(Locale.ROOT, "%.3f,%.3f,%.3f,%d%n", 10 + label + rng.nextGaussian(),
                    rng.nextGaussian() * 5, label - rng.nextGaussian(), label));
        }
        Path file = dir.resolve("three.csv");
        Files.writeString(file, sb.toString());
        return file;
    }

    /**
     * One epoch of plain SGD with a batch larger than the data and no shuffling, started from a saved model, is
     * exactly one step of full-batch gradient descent from that model's weights, on its own input scaling.
     */
    @Test
    void initWithAFullBatchIsOneGradientStepFromTheSavedWeights() throws Exception {
        Path csv = csv();
        Path first = dir.resolve("first.nn");
        Result r = Cli.run("train", "--data", csv.toString(), "--label", "label", "--layers", "6",
                "--activation", "tanh", "--epochs", "3", "--dtype", "float64", "--out", first.toString());
        assertEquals(0, r.code(), r.err());
        Path tuned = dir.resolve("tuned.nn");
        r = Cli.run("train", "--init", first.toString(), "--data", csv.toString(), "--label", "label",
                "--optimizer", "sgd", "--lr", "0.5", "--batch-size", "1000", "--epochs", "1", "--no-shuffle",
                "--out", tuned.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Epoch 1/1"), r.out());

        SavedModel start = SavedModel.load(first);
        Sequential expected = start.model();
        // a float64 model reads the CSV as doubles and scales them in float64
        Dataset data = start.scaler().transform(CsvReader.classification(csv, "label", DType.F64));
        Tensor x = Tensor.zeros(DType.F64, 3, data.size());
        Tensor y = Tensor.zeros(DType.F64, 3, data.size());
        for (int i = 0; i < data.size(); i++) {
            for (int j = 0; j < 3; j++) {
                x.set(j, i, data.doubleFeatures()[3 * i + j]);
            }
            y.set(data.labels()[i], i, 1);
        }
        expected.computeGradients(x, y);
        Ops.axpby(-0.5, expected.gradients(), 1, expected.parameters(), expected.parameters());
        assertArrayEquals(expected.parameters().toDoubleArray(),
                SavedModel.load(tuned).model().parameters().toDoubleArray(), 0);
    }

    @Test
    void initRefusesArchitectureFlags() throws Exception {
        Path csv = csv();
        Path first = dir.resolve("first.nn");
        Result trained = Cli.run("train", "--data", csv.toString(), "--epochs", "1", "--out", first.toString());
        assertEquals(0, trained.code(), trained.err());
        Result r = Cli.run("train", "--init", first.toString(), "--data", csv.toString(), "--layers", "5");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--layers cannot be combined with --init"), r.err());
        r = Cli.run("train", "--init", first.toString(), "--data", csv.toString(), "--dropout", "0.5");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--dropout cannot be combined with --init"), r.err());
    }
}
