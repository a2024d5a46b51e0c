package org.nn4j.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nn4j.config.Json;
import org.nn4j.data.Dataset;
import org.nn4j.data.FashionMnist;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.Adam;
import org.nn4j.optimizers.AdamW;
import org.nn4j.optimizers.OptimizerConfig;
import org.nn4j.tensor.Backend;
import org.nn4j.tensor.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code nn bench}: the speed workloads on Fashion-MNIST. T1 trains 784-256-128-10 and T2 784-1024-1024-10
 * (training samples/s after the first epoch, and GFLOP/s counting 6·parameters per sample); I1 runs the T1 model
 * over the 10,000 test images in batches of 1024; I2 times single-image predictions (p50, p99). T2 also times
 * the GEMMs of its training step alone, the ceiling its GFLOP/s is held against. C1 (LeNet-5) and C2 (the
 * fashion-cnn network), run only when asked, train on the 1×28×28 images and then time inference over the test set
 * and single images, as {@code torch_cnn.py} does.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure training and inference speed on Fashion-MNIST (workloads T1, T2, I1, I2; C1, C2).")
final class BenchCommand implements Callable<Integer> {
    private static final List<String> WORKLOADS = List.of("t1", "t2", "i1", "i2", "c1", "c2");

    @Option(names = "--workloads", split = ",", defaultValue = "t1,t2,i1,i2", paramLabel = "W",
            description = "which of t1, t2, i1, i2, c1, c2 to run (default: the dense four); i1 and i2 use the T1 "
                    + "model, trained if t1 runs; c1 (LeNet-5) and c2 (the fashion-cnn network) train, then time "
                    + "inference over the test set and single images")
    List<String> workloads;

    @Option(names = "--t1-epochs", defaultValue = "10", paramLabel = "N",
            description = "epochs of T1 (default: ${DEFAULT-VALUE}; at least 2: the first is warm-up)")
    int t1Epochs;

    @Option(names = "--t2-epochs", defaultValue = "3", paramLabel = "N",
            description = "epochs of T2 (default: ${DEFAULT-VALUE}; at least 2)")
    int t2Epochs;

    @Option(names = "--c1-epochs", defaultValue = "3", paramLabel = "N",
            description = "epochs of C1 (default: ${DEFAULT-VALUE}; at least 2)")
    int c1Epochs;

    @Option(names = "--c2-epochs", defaultValue = "2", paramLabel = "N",
            description = "epochs of C2 (default: ${DEFAULT-VALUE}; at least 2)")
    int c2Epochs;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--json", description = "print the figures as one JSON object")
    boolean json;

    @Mixin
    ThreadsOption threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        for (String w : workloads) {
            if (!WORKLOADS.contains(w)) {
                throw new ParameterException(spec.commandLine(), "unknown workload '" + w
                        + "' (expected t1, t2, i1, i2, c1 or c2)");
            }
        }
        if (t1Epochs < 2 || t2Epochs < 2 || c1Epochs < 2 || c2Epochs < 2) {
            throw new ParameterException(spec.commandLine(), "--t1-epochs, --t2-epochs, --c1-epochs and --c2-epochs "
                    + "must be at least 2: throughput is measured after the first epoch");
        }
        boolean training = workloads.contains("t1") || workloads.contains("t2") || workloads.contains("c1")
                || workloads.contains("c2");
        Dataset train = training ? FashionMnist.load("train", System.err::println) : null;
        Dataset test = FashionMnist.load("test", System.err::println);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("backend", Backend.describe());
        r.put("threads", Parallel.threads());
        Sequential t1 = Workloads.mlp(256, 128).initialize(seed);
        if (workloads.contains("t1")) {
            progress("T1: training 784-256-128-10 for " + t1Epochs + " epochs");
            double rate = Workloads.train(t1, train, t1Epochs, seed);
            r.put("t1_samples_per_s", rate);
            r.put("t1_gflops", 6.0 * t1.parameterCount() * rate / 1e9);
            r.put("t1_test_accuracy", t1.evaluate(test).accuracy());
            r.put("t1_peak_rss_mb", Workloads.peakRssMb());
        }
        if (workloads.contains("i1")) {
            progress("I1: predicting the 10,000 test images in batches of 1024");
            r.put("i1_samples_per_s", Workloads.inference(t1, test));
        }
        if (workloads.contains("i2")) {
            progress("I2: single-image predictions");
            double[] latency = Workloads.latency(t1, test);
            r.put("i2_p50_us", latency[0]);
            r.put("i2_p99_us", latency[1]);
        }
        if (workloads.contains("t2")) {
            progress("T2: training 784-1024-1024-10 for " + t2Epochs + " epochs");
            Sequential t2 = Workloads.mlp(1024, 1024).initialize(seed);
            double rate = Workloads.train(t2, train, t2Epochs, seed);
            r.put("t2_samples_per_s", rate);
            r.put("t2_gflops", 6.0 * t2.parameterCount() * rate / 1e9);
            progress("T2: timing the GEMMs of one training step alone");
            double gemm = Workloads.gemmRate(List.of(784, 1024, 1024, 10));
            r.put("t2_gemm_gflops", gemm);
            r.put("t2_fraction_of_gemm", 6.0 * t2.parameterCount() * rate / 1e9 / gemm);
        }
        if (workloads.contains("c1")) {
            progress("C1: training LeNet-5 for " + c1Epochs + " epochs");
            convolutional(r, "c1", Workloads.cnn(Preset.LENET5_LAYERS).initialize(seed), train, test, c1Epochs,
                    OptimizerConfig.named("adam", 1e-3));
        }
        if (workloads.contains("c2")) {
            progress("C2: training the fashion-cnn network for " + c2Epochs + " epochs");
            convolutional(r, "c2", Workloads.cnn(Preset.FASHION_CNN_LAYERS).initialize(seed), train, test, c2Epochs,
                    new AdamW.Config(Adam.Config.defaults(2e-3), 0.01));
        }
        r.put("peak_rss_mb", Workloads.peakRssMb());
        // JSON has no NaN: a figure this system cannot give (RSS outside Linux) is left out
        r.values().removeIf(v -> v instanceof Double d && d.isNaN());
        if (json) {
            System.out.println(Json.toJson(r));
        } else {
            r.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-20s %s%n", k,
                    v instanceof Double d ? String.format(Locale.ROOT, "%,.2f", d) : v));
        }
        return 0;
    }

    /**
     * A convolutional workload: training samples/s after the first epoch, test accuracy, inference over the test set
     * in batches of 1024 and single-image latency, as PyTorch's peer ({@code torch_cnn.py}) measures them.
     */
    private void convolutional(Map<String, Object> r, String name, Sequential model, Dataset train, Dataset test,
                               int epochs, OptimizerConfig optimizer) {
        r.put(name + "_samples_per_s", Workloads.train(model, train, epochs, seed, optimizer));
        r.put(name + "_test_accuracy", model.evaluate(test).accuracy());
        progress(name.toUpperCase(Locale.ROOT) + ": inference over the test set, then single images");
        r.put(name + "_infer_samples_per_s", Workloads.inference(model, test));
        double[] latency = Workloads.latency(model, test);
        r.put(name + "_p50_us", latency[0]);
        r.put(name + "_p99_us", latency[1]);
    }

    private static void progress(String message) {
        System.err.println(message);
    }
}
