package org.nn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.report.AnalysisSections;

/** analyze, explain and report on a small Fashion-MNIST network trained once for the whole class. */
class AnalysisCommandsTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void train() {
        model = dir.resolve("m.nn");
        Cli.Result r = Cli.run("train", "--data", "fashion-mnist", "--layers", "32,16", "--batch-size", "128",
                "--epochs", "2", "--validation-split", "0.1", "--seed", "1", "--no-progress", "--out", model.toString());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void analyzePrintsAConfusionMatrixWhosePrecisionAndRecallItsTableRepeats() throws Exception {
        Path grid = dir.resolve("mistakes.png");
        Cli.Result r = Cli.run("analyze", "--model", model.toString(), "--data", "fashion-mnist", "--grid",
                grid.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        int header = lines.indexOf("Confusion matrix (rows: true class, columns: predicted)");
        long[][] cm = new long[10][];
        for (int t = 0; t < 10; t++) {
            cm[t] = numbers(lines.get(header + 2 + t)).stream().mapToLong(Double::longValue).toArray();
            assertEquals(10, cm[t].length, lines.get(header + 2 + t));
        }
        long total = 0;
        for (long[] row : cm) {
            for (long v : row) {
                total += v;
            }
        }
        assertEquals(10_000, total);
        int table = header + 13;
        assertTrue(lines.get(table).contains("precision"), lines.get(table));
        for (int c = 0; c < 10; c++) {
            long column = 0;
            long row = 0;
            for (int j = 0; j < 10; j++) {
                column += cm[j][c];
                row += cm[c][j];
            }
            List<Double> printed = numbers(lines.get(table + 1 + c));
            // precision = C[c][c] / column sum, recall = C[c][c] / row sum, printed to 4 decimals
            assertEquals((double) cm[c][c] / column, printed.get(0), 5e-5, lines.get(table + 1 + c));
            assertEquals((double) cm[c][c] / row, printed.get(1), 5e-5, lines.get(table + 1 + c));
            assertEquals(row, printed.get(3).longValue());
        }
        double accuracy = numbers(lines.get(0 + 1)).get(0);
        assertTrue(accuracy > 0.78, "two epochs of a small network reach about 84%: " + lines.get(1));
        assertTrue(r.out().contains("Most confused pairs") && r.out().contains("Highest-loss mistakes"), r.out());
        assertTrue(r.out().matches("(?s).*Diagnosis \\(error: baseline 0\\.00%, training [0-9.]+% \\(last epoch\\), "
                + "validation [0-9.]+%, test [0-9.]+%\\)\\n  high .*"), r.out());
        BufferedImage img = ImageIO.read(grid.toFile());
        assertEquals(6 * 150, img.getWidth(), "six cells a row");
        assertEquals(4 * (84 + 30), img.getHeight(), "24 mistakes in four rows of 28×3-pixel images and captions");
    }

    /** The numbers of a line, after its label (class names may contain digits only in this test's own data). */
    private static List<Double> numbers(String line) {
        List<Double> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?<![\\w/-])-?\\d+(\\.\\d+)?(?![\\w%])").matcher(line);
        while (m.find()) {
            out.add(Double.parseDouble(m.group()));
        }
        return out;
    }

    @Test
    void explainWritesEveryLayerInTheOrderTheCodeRunsIt() {
        Cli.Result r = Cli.run("explain", "--model", model.toString(), "--batch", "128");
        assertEquals(0, r.code(), r.err());
        String[] expected = {
            "Z[1] = W[1]·A[0] + b[1]   (32×784)·(784×128) + (32×1) → (32×128)",
            "A[1] = relu(Z[1])", "Z[2] = W[2]·A[1] + b[2]   (16×32)·(32×128) + (16×1) → (16×128)",
            "A[2] = relu(Z[2])", "Z[3] = W[3]·A[2] + b[3]   (10×16)·(16×128) + (10×1) → (10×128)",
            "A[3] = softmax(Z[3])", "L = categorical_crossentropy(Z[3], Y)", "dZ[3] = A[3] − Y",
            "dW[3] = dZ[3]·A[2]ᵀ / m   (10×128)·(128×16) → (10×16)", "db[3] = Σ dZ[3] / m",
            "dA[2] = W[3]ᵀ·dZ[3]", "dZ[2] = dA[2] ∘ g′(Z[2])", "[g′: relu′(z) = 1[z > 0]]", "dW[2] =", "db[2] =",
            "dA[1] = W[2]ᵀ·dZ[2]", "dZ[1] = dA[1] ∘ g′(Z[1])", "dW[1] = dZ[1]·A[0]ᵀ / m", "db[1] = Σ dZ[1] / m",
            "dA[0] = W[1]ᵀ·dZ[1]"};
        int at = 0;
        for (String e : expected) {
            int found = r.out().indexOf(e, at);
            assertTrue(found >= 0, "'" + e + "' after position " + at + " in\n" + r.out());
            at = found + e.length();
        }
        Cli.Result sample = Cli.run("explain", "--model", model.toString(), "--sample", "3", "--data", "fashion-mnist");
        assertEquals(0, sample.code(), sample.err());
        assertTrue(sample.out().contains("(32×784)·(784×3)") && sample.out().contains("      = ["), sample.out());
        assertTrue(sample.out().matches("(?s).*L = [0-9.]+ on this batch.*"), sample.out());
    }

    @Test
    void reportIsOneFileWithEverySectionAndRendersInHeadlessChromium() throws Exception {
        Path html = dir.resolve("report.html");
        Cli.Result r = Cli.run("report", "--model", model.toString(), "--data", "fashion-mnist", "--out",
                html.toString());
        assertEquals(0, r.code(), r.err());
        String page = Files.readString(html);
        for (String id : AnalysisSections.IDS) {
            assertTrue(page.contains("<section id=\"" + id + "\">"), id);
        }
        assertTrue(!page.contains("src=\"http") && !page.contains("<script"), "self-contained, no scripts");
        Matcher images = Pattern.compile("src=\"data:image/png;base64,([^\"]+)\"").matcher(page);
        int count = 0;
        while (images.find()) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(images.group(1))));
            assertNotNull(img, "image " + count + " decodes");
            count++;
        }
        assertEquals(4, count, "loss and accuracy curves, confusion heat map, mistakes grid");
        Chromium.Rendered dom = Chromium.render(html);
        for (String id : AnalysisSections.IDS) {
            assertTrue(dom.dom().contains("<section id=\"" + id + "\">"), "rendered section " + id);
        }
        assertTrue(dom.dom().contains("<h2>Confusion matrix</h2>"), dom.dom());
        assertEquals(List.of(), dom.consoleMessages());
    }
}
