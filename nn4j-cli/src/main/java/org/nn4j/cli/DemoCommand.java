package org.nn4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nn demo}: {@code nn train --preset fashion-cnn-small --out fashion-mnist.nn}, the documented convolutional
 * recipe that passes 91% test accuracy on Fashion-MNIST in about five minutes on two cores.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train a good Fashion-MNIST network (nn train --preset fashion-cnn-small) and report its test "
                + "accuracy.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--epochs", paramLabel = "N", description = "passes over the data (default: the recipe's 12)")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "S", description = "seed of the initial weights, shuffling and dropout "
            + "(default: the recipe's 1)")
    Long seed;

    @Option(names = "--out", defaultValue = "fashion-mnist.nn", paramLabel = "FILE",
            description = "where to save the model (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() {
        List<String> args = new ArrayList<>(List.of("train", "--preset", "fashion-cnn-small", "--out",
                out.toString()));
        if (epochs != null) {
            args.addAll(List.of("--epochs", epochs.toString()));
        }
        if (seed != null) {
            args.addAll(List.of("--seed", seed.toString()));
        }
        return Main.run(args.toArray(new String[0]));
    }
}
