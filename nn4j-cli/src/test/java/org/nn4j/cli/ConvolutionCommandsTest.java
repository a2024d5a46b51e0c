package org.nn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.layers.Layer;
import org.nn4j.regularizers.Regularizer;

/** Convolutional networks on the command line: the layer-list grammar, --input-shape, the presets, the tools. */
class ConvolutionCommandsTest {
    @TempDir
    Path dir;

    /**
     * Images of 2 channels of 4×4 pixels, rows flattened channel-major: class "vertical" has a bright column in
     * channel 0, class "horizontal" a bright row, at a random place, over noise in both channels.
     */
    private Path bars() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            sb.append('p').append(i).append(',');
        }
        sb.append("kind\n");
        SplittableRandom rng = new SplittableRandom(3);
        for (int n = 0; n < 300; n++) {
            boolean vertical = rng.nextBoolean();
            int at = rng.nextInt(4);
            for (int c = 0; c < 2; c++) {
                for (int h = 0; h < 4; h++) {
                    for (int w = 0; w < 4; w++) {
                        boolean bar = c == 0 && (vertical ? w == at : h == at);
                        sb.append(String.format(Locale.ROOT, "%.3f,", (bar ? 1 : 0) + 0.3 * rng.nextDouble()));
                    }
                }
            }
            sb.append(vertical ? "vertical" : "horizontal").append('\n');
        }
        Path file = dir.resolve("bars.csv");
        Files.writeString(file, sb.toString());
        return file;
    }

    @Test
    void aConvolutionalNetworkTrainsOnCsvImagesAndEveryToolReadsIt() throws Exception {
        Path csv = bars();
        Path model = dir.resolve("m.nn");
        Cli.Result train = Cli.run("train", "--data", csv.toString(), "--label", "kind", "--input-shape", "2,4,4",
                "--layers", "conv:4x3:same,relu,maxpool:2,bn,dropout:0.1,flatten,dense:8:relu", "--epochs", "30",
                "--lr", "0.01", "--seed", "1", "--out", model.toString(), "--no-progress");
        assertEquals(0, train.code(), train.err());
        assertTrue(train.out().contains("Conv2D(4, 3×3, same)") && train.out().contains("(4, 4, 4)")
                && train.out().contains("(4, 2, 2)") && train.out().contains("BatchNorm2D"), train.out());
        Cli.Result eval = Cli.run("evaluate", "--model", model.toString(), "--data", csv.toString(), "--label",
                "kind", "--json");
        assertEquals(0, eval.code(), eval.err());
        double accuracy = Double.parseDouble(eval.out().replaceAll("(?s).*\"accuracy\":\\s*([0-9.]+).*", "$1"));
        assertTrue(accuracy > 0.95, eval.out());
        Cli.Result summary = Cli.run("summary", "--model", model.toString());
        assertTrue(summary.out().contains("(2, 4, 4)") && summary.out().contains("MaxPool2D(2)"), summary.out());
        Cli.Result explain = Cli.run("explain", "--model", model.toString(), "--batch", "16");
        assertEquals(0, explain.code(), explain.err());
        // a stride-1 convolution's input gradient is dZ convolved with the flipped kernels: (C × F·k)·(F·k × H·W·m)
        assertTrue(explain.out().contains("X̂[1] = im2col(A[0])") && explain.out().contains(
                "dA[0] = W̃·im2col(dZ[1])   (2×36)·(36×256) → (2, 4, 4)×m"), explain.out());
        Cli.Result predict = Cli.run("predict", "--model", model.toString(), "--data", csv.toString(), "--label",
                "kind", "--out", dir.resolve("p.csv").toString());
        assertEquals(0, predict.code(), predict.err());
        assertEquals(301, Files.readAllLines(dir.resolve("p.csv")).size());
        Cli.Result analyze = Cli.run("analyze", "--model", model.toString(), "--data", csv.toString(), "--label",
                "kind");
        assertEquals(0, analyze.code(), analyze.err());
        assertTrue(analyze.out().contains("vertical") && analyze.out().contains("ROC AUC"), analyze.out());
        Path html = dir.resolve("r.html");
        Cli.Result report = Cli.run("report", "--model", model.toString(), "--data", csv.toString(), "--label",
                "kind", "--out", html.toString());
        assertEquals(0, report.code(), report.err());
        String page = Files.readString(html);
        assertTrue(page.contains("Conv2D(4, 3×3, same)") && page.contains("(4, 4, 4)"), "the report's summary");
        Cli.Result sample = Cli.run("explain", "--model", model.toString(), "--sample", "2", "--data", csv.toString(),
                "--label", "kind");
        assertEquals(0, sample.code(), sample.err());
    }

    @Test
    void tuneTriesLayerListsBesideWidthsAndReproducesWithTheInputShape() throws Exception {
        Cli.Result r = Cli.run("tune", "--data", bars().toString(), "--label", "kind", "--input-shape", "2,4,4",
                "--layers", "conv:4x3:same,relu,flatten", "--layers", "8", "--lr", "0.01", "--epochs", "2",
                "--min-epochs", "1", "--seed", "1", "--parallel", "1", "--results", dir.resolve("t.jsonl").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("--layers conv:4x3:same,relu,flatten"), r.out());
        String again = "./nn train --data " + dir.resolve("bars.csv") + " --label kind --input-shape 2,4,4";
        assertTrue(r.out().contains(again), r.out());
    }

    @Test
    void theLayerListReadsKerasLikeNamesAndNamesWhatItCannotRead() {
        List<Layer> layers = LayerList.parse(List.of("conv:6x5:p2", "relu", "maxpool:2", "conv2d:16x5x3:s2:same:nobias",
                "bn", "avgpool:3:s1:p1", "gap", "dense:84:leaky_relu:0.2", "dropout:0.5", "flatten", "tanh"),
                Regularizer.NONE, 0);
        assertEquals(List.of("Conv2D(6, 5×5, padding 2)", "Activation(relu)", "MaxPool2D(2)",
                "Conv2D(16, 5×3, stride 2×2, same, no bias)", "BatchNorm", "AvgPool2D(3, stride 1, padding 1)",
                "GlobalAveragePooling2D", "Dense(leaky_relu:0.2)", "Dropout(0.5)", "Flatten", "Activation(tanh)"),
                layers.stream().map(Layer::describe).toList());
        assertFalse(LayerList.isLayerList(List.of("256", "128")));
        assertTrue(LayerList.isLayerList(List.of("conv:6x5", "relu")));
        Cli.Result bad = Cli.run("train", "--data", "fashion-mnist", "--layers", "conv:0x3,relu");
        assertEquals(2, bad.code(), "a bad flag value is a usage error");
        assertEquals("nn train: --layers: 'conv:0x3': filters must be positive, got 0 (see 'nn train --help')",
                bad.err().strip());
        Cli.Result unknown = Cli.run("train", "--data", "fashion-mnist", "--layers", "conv:8,pool:2");
        assertTrue(unknown.err().startsWith("nn train: --layers: 'pool:2': unknown layer (expected conv, maxpool"),
                unknown.err());
        Cli.Result mixed = Cli.run("train", "--data", "fashion-mnist", "--layers", "conv:8,relu", "--batch-norm");
        assertTrue(mixed.err().contains("in a layer list write bn and dropout:P where they belong"), mixed.err());
    }

    @Test
    void theConvolutionalPresetsStandForTheirFlags() {
        picocli.CommandLine.ParseResult parsed = new picocli.CommandLine(new Main()).parseArgs("train", "--preset",
                "lenet5", "--epochs", "1");
        TrainCommand t = parsed.subcommand().commandSpec().commandLine().<TrainCommand>getCommand().resolved();
        assertEquals(List.of("conv:6x5:p2", "relu", "maxpool:2", "conv:16x5", "relu", "maxpool:2", "flatten",
                "dense:120:relu", "dense:84:relu"), t.model.layers);
        assertEquals(1, t.epochs);
        assertEquals("adam", t.optimizer);
        assertEquals(Integer.valueOf(128), t.batchSize);
        parsed = new picocli.CommandLine(new Main()).parseArgs("train", "--preset", "fashion-cnn");
        t = parsed.subcommand().commandSpec().commandLine().<TrainCommand>getCommand().resolved();
        assertTrue(t.model.layers.contains("conv:64x3:same:nobias") && t.model.layers.contains("dropout:0.5"));
        assertEquals("adamw", t.optimizer);
        // nn demo's recipe
        parsed = new picocli.CommandLine(new Main()).parseArgs("train", "--preset", "fashion-cnn-small", "--seed", "3");
        t = parsed.subcommand().commandSpec().commandLine().<TrainCommand>getCommand().resolved();
        assertEquals(List.of("conv:32x3:same:nobias", "bn", "relu", "maxpool:2", "conv:64x3:same:nobias", "bn", "relu",
                "maxpool:2", "dropout:0.25", "flatten", "dense:128:relu", "dropout:0.4"), t.model.layers);
        assertEquals(12, t.epochs);
        assertEquals(3L, t.seed);
    }
}
