package org.nn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model's class and feature names decide how a file's labels and columns are read, never the file's own order. */
class DataMappingTest {
    private static final String[] ANIMALS = {"cat", "dog", "fish"};

    @TempDir
    Path dir;
    private Path model;

    /** Three animals in clusters around (−2, 0, 1), (2, 0, −1) and (0, 2.5, 0), σ 0.8 and 1: separable, but not trivially. */
    private static List<String[]> rows(int n, long seed, List<String> kinds) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String kind = kinds.get(i % kinds.size());
            int c = List.of(ANIMALS).indexOf(kind);
            double cx = c == 0 ? -2 : c == 1 ? 2 : 0;
            double cy = c == 2 ? 2.5 : 0;
            double cz = c == 0 ? 1 : c == 1 ? -1 : 0;
            rows.add(new String[]{f(cx + 0.8 * rng.nextGaussian()), f(cy + 0.8 * rng.nextGaussian()),
                    f(cz + rng.nextGaussian()), kind});
        }
        return rows;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** Writes rows with columns in the given order (indices into weight,length,depth,animal). */
    private Path write(String name, List<String[]> rows, int... order) throws Exception {
        String[] header = {"weight", "length", "depth", "animal"};
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < order.length; j++) {
            sb.append(j == 0 ? "" : ",").append(header[order[j]]);
        }
        sb.append('\n');
        for (String[] r : rows) {
            for (int j = 0; j < order.length; j++) {
                sb.append(j == 0 ? "" : ",").append(r[order[j]]);
            }
            sb.append('\n');
        }
        return Files.writeString(dir.resolve(name), sb);
    }

    @BeforeEach
    void train() throws Exception {
        Path train = write("train.csv", rows(300, 1, List.of(ANIMALS)), 0, 1, 2, 3);
        model = dir.resolve("m.nn");
        Cli.Result r = Cli.run("train", "--data", train.toString(), "--label", "animal", "--layers", "8",
                "--epochs", "100", "--lr", "0.01", "--seed", "2", "--out", model.toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
    }

    private double accuracy(Path data, String... extra) {
        List<String> args = new ArrayList<>(List.of("evaluate", "--model", model.toString(), "--data",
                data.toString(), "--label", "animal", "--json"));
        args.addAll(List.of(extra));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return Double.parseDouble(r.out().replaceAll("(?s).*\"accuracy\":([0-9.E-]+).*", "$1"));
    }

    /** The fraction of rows whose predicted class name, as nn predict writes it, is the row's own label. */
    private double handCount(Path data, List<String[]> rows) throws Exception {
        Path out = dir.resolve("p.csv");
        Cli.Result r = Cli.run("predict", "--model", model.toString(), "--data", data.toString(), "--label",
                "animal", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("p_cat,p_dog,p_fish,class,class_name", lines.get(0));
        int right = 0;
        for (int i = 0; i < rows.size(); i++) {
            String[] cells = lines.get(i + 1).split(",");
            right += cells[cells.length - 1].equals(rows.get(i)[3]) ? 1 : 0;
        }
        return (double) right / rows.size();
    }

    @Test
    void aTestFileWithoutOneClassIsScoredAgainstTheModelsClasses() throws Exception {
        List<String[]> rows = rows(60, 7, List.of("dog", "fish"));
        Path test = write("no-cats.csv", rows, 0, 1, 2, 3);
        double accuracy = accuracy(test);
        double counted = handCount(test, rows);
        assertEquals(counted, accuracy, 1e-9);
        assertTrue(accuracy > 0.8, "dogs and fish are told apart: " + accuracy);
    }

    @Test
    void reorderedColumnsAreMappedByName() throws Exception {
        List<String[]> rows = rows(90, 8, List.of(ANIMALS));
        double inOrder = accuracy(write("in-order.csv", rows, 0, 1, 2, 3));
        Path shuffled = write("shuffled.csv", rows, 3, 2, 0, 1);
        assertEquals(inOrder, accuracy(shuffled), 1e-9);
        assertEquals(handCount(shuffled, rows), accuracy(shuffled), 1e-9);
    }

    @Test
    void unknownClassesAndColumnsAreRefusedByName() throws Exception {
        Path eels = write("eels.csv", rows(3, 9, List.of("cat")), 0, 1, 2, 3);
        Files.writeString(eels, Files.readString(eels).replaceFirst("cat\n", "eel\n"));
        Cli.Result eel = Cli.run("evaluate", "--model", model.toString(), "--data", eels.toString(), "--label",
                "animal");
        assertEquals(1, eel.code());
        assertEquals("nn evaluate: " + eels + ": class 'eel' is not one of the model's 3 classes (cat, dog, fish)",
                eel.err().strip());

        Path renamed = write("renamed.csv", rows(6, 9, List.of(ANIMALS)), 0, 1, 2, 3);
        Files.writeString(renamed, Files.readString(renamed).replaceFirst("weight", "mass"));
        Cli.Result missing = Cli.run("evaluate", "--model", model.toString(), "--data", renamed.toString(),
                "--label", "animal");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains(renamed + ": no column 'weight', which the model takes as input 1 of 3"),
                missing.err());
        Cli.Result byPosition = Cli.run("evaluate", "--model", model.toString(), "--data", renamed.toString(),
                "--label", "animal", "--by-position");
        assertEquals(0, byPosition.code(), byPosition.err());
    }

    @Test
    void fineTuningKeepsTheModelsClassNames() throws Exception {
        List<String[]> rows = rows(60, 10, List.of("fish", "dog"));
        Path fishAndDogs = write("fd.csv", rows, 1, 3, 0, 2);
        Path tuned = dir.resolve("tuned.nn");
        Cli.Result r = Cli.run("train", "--init", model.toString(), "--data", fishAndDogs.toString(), "--label",
                "animal", "--epochs", "2", "--out", tuned.toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        Cli.Result summary = Cli.run("summary", "--model", tuned.toString());
        assertTrue(summary.out().contains("Classes: cat, dog, fish"), summary.out());
        model = tuned;
        assertEquals(handCount(fishAndDogs, rows), accuracy(fishAndDogs), 1e-9);
    }
}
