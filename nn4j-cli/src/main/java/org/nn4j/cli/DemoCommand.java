package org.nn4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nn4j.optimizers.OptimizerConfig;
import org.nn4j.training.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nn demo}: trains a 784-256-128-10 ReLU network with Adam on Fashion-MNIST for 10 epochs, holding out
 * 10% for validation, and reports its test accuracy.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train a good Fashion-MNIST network and report its test accuracy.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--epochs", defaultValue = "10", description = "passes over the data (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--out", defaultValue = "fashion-mnist.nn", paramLabel = "FILE",
            description = "where to save the model (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        DataOptions data = new DataOptions();
        data.data = DataOptions.FASHION;
        ModelOptions model = new ModelOptions();
        model.layers = List.of("256", "128");
        model.activation = "relu";
        model.output = "auto";
        model.dtype = "float32";
        TrainingConfig config = new TrainingConfig(epochs, 128, OptimizerConfig.named("adam", 1e-3), 1, true, 0.1);
        TrainCommand.Run run = TrainCommand.run(data, model, config, "none", out, System.console() != null);
        System.out.printf(Locale.ROOT, "Fashion-MNIST test accuracy: %.4f%n", run.test().accuracy());
        return 0;
    }
}
