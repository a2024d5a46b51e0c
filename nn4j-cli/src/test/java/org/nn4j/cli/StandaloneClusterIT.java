package org.nn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nn4j.io.SavedModel;
import org.nn4j.testing.ChildJvm;

/**
 * {@code nn train --spark spark://127.0.0.1:…} on a real Spark standalone cluster — a master and two workers started
 * by {@code nn4j-spark/cluster.sh}, each a JVM of its own, whose executors receive nn.jar from the driver — against
 * {@code nn train} in one process with the same flags: a float64 network with batch normalisation ends with the
 * same weights to 1e-12, also when one of the two executors is killed with SIGKILL in the middle of an epoch (Spark
 * re-runs the step, the worker starts a new executor, the lost shard is read again). Runs after {@code package}
 * (it needs nn.jar), on 127.0.0.1 only.
 */
class StandaloneClusterIT {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final String PORT = "7093";
    private static final Path CLUSTER = ROOT.resolve("nn4j-cli/target/it-cluster");
    private static Path dir;
    private static Path csv;

    @BeforeAll
    static void startCluster() throws Exception {
        dir = Files.createTempDirectory("nn4j-cluster-it");
        csv = dir.resolve("blobs.csv");
        writeBlobs(csv, 600, 3);
        int code = script("start", "2");
        assertEquals(0, code, "cluster.sh start failed");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        script("stop");
    }

    private static int script(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("nn4j-spark/cluster.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.environment().put("NN4J_SPARK_PORT", PORT);
        pb.environment().put("NN4J_CLUSTER_DIR", CLUSTER.toString());
        return pb.start().waitFor();
    }

    /** Three Gaussian blobs in 6 dimensions, a header and a label column. */
    private static void writeBlobs(Path file, int n, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder("f0,f1,f2,f3,f4,f5,label\n");
        for (int i = 0; i < n; i++) {
            int y = rng.nextInt(3);
            for (int j = 0; j < 6; j++) {
                sb.append(String.format(Locale.ROOT, "%.6f,", rng.nextGaussian() + (j == y ? 1.5 : 0)));
            }
            sb.append(y).append('\n');
        }
        Files.writeString(file, sb.toString());
    }

    /** java with Spark's JVM options (this JVM's), nn.jar and Spark's jars, running nn with {@code args}. */
    private static ChildJvm nn(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g"));
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("--add-opens") || option.startsWith("-Djdk.reflect")) {
                command.add(option);
            }
        }
        command.addAll(List.of("-Dspark.executor.memory=512m", "-cp", ROOT.resolve("nn4j-cli/target/nn.jar") + ":"
                + Files.readString(ROOT.resolve("nn4j-cli/target/spark.classpath")).trim(), Main.class.getName()));
        command.addAll(args);
        return ChildJvm.start(command);
    }

    private static List<String> train(Path out, int epochs, boolean spark) {
        List<String> args = new ArrayList<>(List.of("train", "--data", csv.toString(), "--label", "label",
                "--layers", "16", "--batch-norm", "--dtype", "float64", "--batch-size", "32", "--epochs",
                Integer.toString(epochs), "--seed", "7", "--no-progress", "--out", out.toString()));
        if (spark) {
            args.addAll(List.of("--spark", "spark://127.0.0.1:" + PORT));
        }
        return args;
    }

    private static double[] trainOneProcess(int epochs) throws Exception {
        Path out = dir.resolve("one-" + epochs + ".nn");
        try (ChildJvm run = nn(train(out, epochs, false))) {
            assertEquals(0, run.finish(), String.join("\n", run.lines()));
        }
        return SavedModel.load(out).model().parameters().toDoubleArray();
    }

    private static void assertSameWeights(double[] expected, Path model) throws IOException {
        double[] actual = SavedModel.load(model).model().parameters().toDoubleArray();
        double diff = 0;
        for (int i = 0; i < expected.length; i++) {
            diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(diff <= 1e-12, "the cluster's weights differ from one process's by " + diff);
    }

    @Test
    void twoWorkersTrainTheWeightsOfOneProcess() throws Exception {
        Path out = dir.resolve("cluster.nn");
        try (ChildJvm run = nn(train(out, 2, true))) {
            int code = run.finish();
            String printed = String.join("\n", run.lines());
            assertEquals(0, code, printed);
            assertTrue(printed.contains("Spark 3.5.6 at spark://127.0.0.1:" + PORT + ": 2 partitions"), printed);
        }
        assertSameWeights(trainOneProcess(2), out);
    }

    @Test
    void anExecutorKilledMidEpochLeavesTheWeightsOfOneProcess() throws Exception {
        Path out = dir.resolve("killed.nn");
        try (ChildJvm run = nn(train(out, 3, true))) {
            run.awaitLine(line -> line.startsWith("Epoch 1/3"));
            ProcessHandle worker = ProcessHandle.of(Long.parseLong(Files.readString(CLUSTER.resolve("worker-1.pid"))
                    .trim())).orElseThrow();
            ProcessHandle executor = worker.children().findFirst().orElseThrow(
                    () -> new AssertionError("worker 1 has no executor"));
            executor.destroyForcibly();
            executor.onExit().get();
            int code = run.finish();
            String printed = String.join("\n", run.lines());
            assertEquals(0, code, printed);
            assertTrue(printed.contains("Lost executor"), "the driver must have lost an executor:\n" + printed);
            assertFalse(executor.isAlive());
        }
        assertSameWeights(trainOneProcess(3), out);
    }
}
