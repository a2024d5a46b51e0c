package org.nn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.tensor.Parallel;

class CliTest {
    @TempDir
    Path dir;

    private static Cli.Result nn(String... args) {
        return Cli.run(args);
    }

    /** XOR-like quadrants: class 1 where x·y &gt; 0, with a string label column in the middle. */
    private Path quadrants() throws Exception {
        StringBuilder sb = new StringBuilder("x,kind,y\n");
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        for (int i = 0; i < 400; i++) {
            double x = rng.nextDouble(-1, 1);
            double y = rng.nextDouble(-1, 1);
            sb.append(String.format(java.util.Locale.ROOT, "%.4f,%s,%.4f%n", x, x * y > 0 ? "same" : "mixed", y));
        }
        Path file = dir.resolve("quadrants.csv");
        Files.writeString(file, sb.toString());
        return file;
    }

    @Test
    void trainEvaluatePredictAndSummaryOnACsv() throws Exception {
        Path csv = quadrants();
        Path model = dir.resolve("q.nn");
        Cli.Result train = nn("train", "--data", csv.toString(), "--label", "kind", "--layers", "16,16",
                "--activation", "tanh", "--lr", "0.01", "--epochs", "60", "--seed", "3", "--out", model.toString());
        assertEquals(0, train.code(), train.err());
        assertTrue(train.out().contains("Epoch 60/60"), train.out());
        assertTrue(train.out().contains("Dense(sigmoid)"), "two classes get one sigmoid unit: " + train.out());

        Cli.Result eval = nn("evaluate", "--model", model.toString(), "--data", csv.toString(), "--label", "kind", "--json");
        assertEquals(0, eval.code(), eval.err());
        double accuracy = Double.parseDouble(eval.out().replaceAll("(?s).*\"accuracy\":([0-9.]+).*", "$1"));
        assertTrue(accuracy > 0.9, eval.out());

        Path predictions = dir.resolve("p.csv");
        Cli.Result predict = nn("predict", "--model", model.toString(), "--data", csv.toString(), "--label", "kind",
                "--out", predictions.toString());
        assertEquals(0, predict.code(), predict.err());
        var lines = Files.readAllLines(predictions);
        assertEquals("p_same,class,class_name", lines.get(0));
        assertEquals(401, lines.size());
        // the first row of the CSV: predicted class name must agree with its probability
        String[] first = lines.get(1).split(",");
        assertEquals(Double.parseDouble(first[0]) >= 0.5 ? "same" : "mixed", first[2]);

        Cli.Result summary = nn("summary", "--model", model.toString());
        assertEquals(0, summary.code(), summary.err());
        assertTrue(summary.out().contains("Total params: 337"), summary.out());
    }

    @Test
    void badInputGivesOneLineAndANonZeroExit() throws Exception {
        Cli.Result unknown = nn("train", "--data", "x.csv", "--frobnicate");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("Unknown option: '--frobnicate'"), unknown.err());
        assertEquals(1, unknown.err().strip().lines().count(), unknown.err());

        Cli.Result missing = nn("train", "--data", dir.resolve("none.csv").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no such file"), missing.err());

        Cli.Result size = nn("train", "--data", quadrants().toString(), "--label", "kind", "--layers", "8,-2");
        assertEquals(2, size.code());
        assertTrue(size.err().contains("at least one unit"), size.err());

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "a,b,label\n1,2,0\n3,oops,1\n");
        Cli.Result cell = nn("train", "--data", bad.toString(), "--label", "label");
        assertEquals(1, cell.code());
        assertTrue(cell.err().contains("bad.csv:3") && cell.err().contains("oops"), cell.err());

        Cli.Result noModel = nn("evaluate", "--model", dir.resolve("no.nn").toString(), "--data", "fashion-mnist");
        assertEquals(1, noModel.code());
    }

    @Test
    void trainsOnSparkInLocalModeAndSavesTheModel() throws Exception {
        Path csv = quadrants();
        Path model = dir.resolve("spark.nn");
        Cli.Result train = nn("train", "--spark", "local[2]", "--data", csv.toString(), "--label", "kind",
                "--layers", "16,16", "--activation", "tanh", "--lr", "0.01", "--epochs", "8", "--batch-size", "50",
                "--seed", "3", "--validation-split", "0.2", "--out", model.toString());
        assertEquals(0, train.code(), train.err());
        assertTrue(train.out().contains("at local[2]: 2 partitions, mini-batches of 50, gradients averaged every mini-batch"), train.out());
        assertTrue(train.out().contains("Epoch 8/8") && train.out().contains("val_accuracy"), train.out());
        assertFalse(train.out().contains("epoch 8/8"), "one line per epoch, the progress bar's: " + train.out());
        Cli.Result eval = nn("evaluate", "--model", model.toString(), "--data", csv.toString(), "--label", "kind", "--json");
        assertEquals(0, eval.code(), eval.err());
        double accuracy = Double.parseDouble(eval.out().replaceAll("(?s).*\"accuracy\":([0-9.]+).*", "$1"));
        assertTrue(accuracy > 0.8, eval.out());
    }

    @Test
    void theDefaultBatchIs32AndOnSpark256() {
        TrainCommand local = new TrainCommand();
        new picocli.CommandLine(local).parseArgs("--data", "x.csv");
        assertEquals(32, local.trainingConfig().batchSize());
        TrainCommand spark = new TrainCommand();
        new picocli.CommandLine(spark).parseArgs("--data", "x.csv", "--spark", "local[2]");
        assertEquals(256, spark.trainingConfig().batchSize());
        TrainCommand given = new TrainCommand();
        new picocli.CommandLine(given).parseArgs("--data", "x.csv", "--spark", "local[2]", "--batch-size", "32");
        assertEquals(32, given.trainingConfig().batchSize());
    }

    @Test
    void sparkFlagsWithoutSparkAreRefused() throws Exception {
        Cli.Result r = nn("train", "--data", quadrants().toString(), "--label", "kind", "--average-every", "4");
        assertEquals(1, r.code());
        assertEquals("nn train: --average-every and --partitions need --spark MASTER", r.err().strip());
    }

    @Test
    void infoNamesTheBundledOpenBlasItsKernelAndAMeasuredRate() {
        int before = Parallel.threads();
        Cli.Result r = nn("info", "--threads", "1");
        Parallel.setThreads(before);
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.matches("(?s).*\\ngemm +OpenBLAS 0\\.3\\.\\d+ \\(.*\\.javacpp.*libopenblas.*"), out);
        assertTrue(out.matches("(?s).*\\nkernel +[A-Z0-9]+ \\((OpenBLAS's choice|chosen by OPENBLAS_CORETYPE).*"),
                out);
        assertTrue(out.contains("threads   1 (--threads, -Dnn4j.threads), for nn4j's kernels and its products"),
                out);
        assertTrue(out.matches("(?s).*\\nrate +\\d+\\.\\d GFLOP/s in float32 512×512×512 products on 1 thread.*"), out);
    }

    @Test
    void infoSetsTheRateAgainstThePeakAndSaysWhenTheReportedClockIsBelowTheCores() {
        String formula = "2 cores × 2 FMA × 8 float32 lanes × 2 flops × 2.60 GHz (cpu MHz)";
        assertEquals(", 91% of the 166 GFLOP/s the CPU could reach (" + formula + ")",
                InfoCommand.againstPeak(151.4, 166.4, formula));
        assertEquals(", above the 166 GFLOP/s of " + formula + ": the cores run faster than that clock",
                InfoCommand.againstPeak(196.7, 166.4, formula));
        assertEquals("", InfoCommand.againstPeak(196.7, 0, "unknown"));
    }

    @Test
    void gradcheckPassesAndSaysSo() {
        Cli.Result r = nn("gradcheck", "--repeats", "1", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"passed\":true"), r.out());
        Cli.Result text = nn("gradcheck", "--repeats", "1");
        assertTrue(text.out().contains("98 cases, 0 failed"), text.out());
        assertTrue(text.out().contains("ok   conv (no bias) → batch norm 2D (training) → relu → global avg pool"),
                text.out());
        assertTrue(text.out().contains("tanh + batch_norm → softmax + categorical_crossentropy"), text.out());
    }

    @Test
    void autoScalingStandardisesFeaturesAndKeepsFashionMnistPixelsForConvolutions() {
        assertEquals("standard", scaleKind("--data", "fashion-mnist", "--layers", "256,128"));
        assertEquals("standard", scaleKind("--data", "fashion-mnist", "--layers", "flatten,dense:32:relu"));
        assertEquals("none", scaleKind("--data", "fashion-mnist", "--layers", "conv:8x3,relu,maxpool:2,flatten"));
        assertEquals("none", scaleKind("--data", "fashion-mnist", "--layers", "bn,maxpool:2,flatten,dense:8"));
        assertEquals("standard", scaleKind("--data", "x.csv", "--input-shape", "1,8,8", "--layers", "conv:8x3,gap"));
        assertEquals("minmax", scaleKind("--data", "fashion-mnist", "--layers", "32", "--scale", "minmax"));
        assertEquals("standard", scaleKind("--data", "fashion-mnist", "--layers", "conv:8x3,gap", "--scale",
                "standard"));
    }

    private static String scaleKind(String... args) {
        TrainCommand t = new TrainCommand();
        new picocli.CommandLine(t).parseArgs(args);
        return t.data.scaleKind(t.scale, t.model);
    }

    @Test
    void aPresetFillsInTheFlagsTheCommandLineLeftUnset() {
        picocli.CommandLine cli = new picocli.CommandLine(new Main());
        picocli.CommandLine.ParseResult parsed = cli.parseArgs("train", "--preset", "fashion-mnist", "--epochs", "3",
                "--no-batch-norm", "--dropout=0.1");
        TrainCommand t = parsed.subcommand().commandSpec().commandLine().<TrainCommand>getCommand().resolved();
        assertEquals(3, t.epochs);
        assertEquals(false, t.model.batchNorm);
        assertEquals(0.1, t.model.dropout);
        assertEquals("adamw", t.optimizer);
        assertEquals("cosine", t.schedule);
        assertEquals(java.util.List.of("512", "256"), t.model.layers);
        assertEquals("fashion-mnist", t.data.data);
        // a recorded command line (as --resume parses it) has no subcommand name; a flag's value may be "train"
        TrainCommand recorded = new TrainCommand();
        new picocli.CommandLine(recorded).parseArgs("--preset", "fashion-mnist", "--checkpoint-dir", "train",
                "--out", "m.nn");
        TrainCommand again = recorded.resolved();
        assertEquals(java.nio.file.Path.of("train"), again.checkpointDir);
        assertEquals(java.nio.file.Path.of("m.nn"), again.out);
        assertEquals("fashion-mnist", again.data.data);
        // nn demo runs the small CNN's preset: one epoch cannot hold its epoch of warm-up, and it says so before
        // training
        Cli.Result demo = nn("demo", "--epochs", "1", "--seed", "2");
        assertEquals(2, demo.code());
        assertTrue(demo.err().contains("nn train: a warm-up of 1 epochs leaves no epoch of decay in a run of 1"),
                demo.err());
        Cli.Result unknown = nn("train", "--preset", "cifar");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("unknown preset 'cifar'"), unknown.err());
    }

    @Test
    void anExplodingRunStopsWithTheNanMessageAndWritesNoGarbage() throws Exception {
        Path model = dir.resolve("exploded.nn");
        Files.writeString(model, "an earlier model");
        // leaky ReLU keeps every unit alive, so the weights grow until they overflow (with ReLU the units die
        // instead and the loss stays finite)
        Cli.Result r = nn("train", "--data", "fashion-mnist", "--layers", "64", "--activation", "leaky_relu",
                "--optimizer", "sgd", "--lr", "10", "--epochs", "2", "--out", model.toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().matches("(?s).*nn train: training diverged at epoch 1, batch \\d+: the loss is (NaN|Infinity);"
                + " the first non-finite values are in layer \\d Dense\\(\\w+\\).*"), r.err());
        assertTrue(r.err().contains("was not written"), r.err());
        assertEquals("an earlier model", Files.readString(model));
    }
}
