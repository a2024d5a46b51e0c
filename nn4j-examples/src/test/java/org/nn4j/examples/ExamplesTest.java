package org.nn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each README example runs as a program on 2,000 training and 500 test images of Fashion-MNIST. */
class ExamplesTest {
    private static final Pattern ACCURACY = Pattern.compile("accuracy (\\d\\.\\d+)");
    @TempDir
    static Path data;

    @BeforeAll
    static void subset() throws Exception {
        assumeTrue(Files.isDirectory(Examples.FASHION_MNIST), "needs Debian's dataset-fashion-mnist");
        Examples.writeSubset(data, 2000, 500);
    }

    private static double accuracy(String line) {
        Matcher m = ACCURACY.matcher(line);
        assertTrue(m.find(), line);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void quickStartTrainsEvaluatesPredictsSavesAndLoads(@TempDir Path dir) throws Exception {
        List<String> out = Examples.run(QuickStart.class, dir, data);
        assertEquals(5, out.stream().filter(l -> l.matches("epoch \\d/5: loss .*")).count(), String.join("\n", out));
        String evaluation = out.stream().filter(l -> l.startsWith("Evaluation(")).findFirst().orElseThrow();
        // 784-128-10 after 5 epochs on 2,000 images: about 0.78 on the first 500 test images (0.10 is chance)
        assertTrue(accuracy(evaluation) > 0.7, evaluation);
        assertEquals("true", out.get(out.size() - 1), "the loaded model predicts what the trained one did");
        assertTrue(Files.size(dir.resolve("fashion.nn")) > 400_000, "101,770 float32 weights in the file");
    }

    @Test
    void float64RegressionLearnsTwoTargets(@TempDir Path dir) throws Exception {
        List<String> out = Examples.run(Float64Regression.class, dir, data);
        assertTrue(out.get(0).startsWith("History(40 epochs; last epoch 40: loss "), out.get(0));
        Matcher m = Pattern.compile("float64, 194 parameters\\) → \\[(\\S+), (\\S+)]").matcher(out.get(1));
        assertTrue(m.find(), out.get(1));
        // the targets at (0.5, −0.25, 1.0) are 0.5 + 0.5 = 1.0 and −0.25 · 1.0 = −0.25
        assertEquals(1.0, Double.parseDouble(m.group(1)), 0.1, out.get(1));
        assertEquals(-0.25, Double.parseDouble(m.group(2)), 0.1, out.get(1));
    }

    @Test
    void trainingCraftTrainsWithValidation(@TempDir Path dir) throws Exception {
        List<String> out = Examples.run(TrainingCraft.class, dir, data);
        String last = out.get(out.size() - 1);
        assertTrue(last.startsWith("History("), last);
        Matcher m = Pattern.compile("val_accuracy (\\d\\.\\d+)").matcher(last);
        assertTrue(m.find(), last);
        // 200 validation images of a 512-unit network trained on 1,800: about 0.8
        assertTrue(Double.parseDouble(m.group(1)) > 0.7, last);
    }

    @Test
    void modelFilesWritesEveryFormat(@TempDir Path dir) throws Exception {
        List<String> out = Examples.run(ModelFiles.class, dir, data);
        assertTrue(out.stream().anyMatch(l -> l.startsWith("SavedModel(Sequential(784 → Dense(64, relu)")),
                String.join("\n", out));
        for (String file : List.of("m.nn", "m.onnx", "w.safetensors", "run1/checkpoint.nn")) {
            assertTrue(Files.size(dir.resolve(file)) > 200_000, file + ": 50,890 weights");
        }
    }

    @Test
    void metricsReportsPerClassScores(@TempDir Path dir) throws Exception {
        List<String> out = Examples.run(Metrics.class, dir, data);
        String all = String.join("\n", out);
        assertTrue(all.contains("weighted avg"), all);
        Matcher auc = Pattern.compile("shirt AUC (\\d\\.\\d+)").matcher(all);
        assertTrue(auc.find(), all);
        assertTrue(Double.parseDouble(auc.group(1)) > 0.8, all);
        assertTrue(out.get(out.size() - 1).matches("2 backward steps; \\[.*]"), out.get(out.size() - 1));
    }

    @Test
    void convNetIsBuiltFromTheImageShape(@TempDir Path dir) throws Exception {
        List<String> out = Examples.run(ConvNet.class, dir, data);
        assertEquals("softmax + categorical_crossentropy (fused)", out.get(0));
        String last = out.get(out.size() - 1);
        assertTrue(last.startsWith("Sequential((1, 28, 28) → Conv2D") && last.endsWith(" on (1, 28, 28)"), last);
    }
}
