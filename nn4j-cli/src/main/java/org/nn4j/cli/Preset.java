package org.nn4j.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ParseResult;

/**
 * Documented training recipes for {@code nn train --preset NAME}: each is a list of ordinary {@code nn train}
 * flags, so a recipe reads exactly like the command it stands for, and any flag given on the command line
 * overrides the recipe's. {@code nn demo} runs the fashion-mnist recipe.
 */
enum Preset {
    /**
     * Fashion-MNIST with dense layers: 784-512-256-10 ReLU, batch normalisation and dropout 0.2 after each hidden
     * layer, AdamW with a cosine schedule after two warm-up epochs, 30 epochs of batches of 128 over all 60,000
     * training images (held-out validation cost 0.3 points of test accuracy when measured).
     */
    FASHION_MNIST("fashion-mnist",
            "--data fashion-mnist",
            "--layers 512,256",
            "--activation relu",
            "--batch-norm",
            "--dropout 0.2",
            "--optimizer adamw",
            "--lr 0.002",
            "--weight-decay 0.01",
            "--schedule cosine",
            "--warmup 2",
            "--epochs 30",
            "--batch-size 128",
            "--seed 1");

    private final String id;
    /** Each flag with its value, if it takes one, e.g. {@code ["--layers", "512,256"]}. */
    private final List<List<String>> flags;

    Preset(String id, String... flags) {
        this.id = id;
        this.flags = Arrays.stream(flags).map(f -> List.of(f.split(" "))).toList();
    }

    static Preset parse(String name) {
        for (Preset p : values()) {
            if (p.id.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + name + "' (known: fashion-mnist)");
    }

    /**
     * The recipe's flags that the command line did not set, followed by the subcommand's own arguments as given
     * ({@code expandedArgs} of a subcommand's parse result holds only what follows its name).
     */
    List<String> arguments(ParseResult given) {
        List<String> args = new ArrayList<>();
        for (List<String> flag : flags) {
            if (!given.hasMatchedOption(flag.get(0))) {
                args.addAll(flag);
            }
        }
        args.addAll(given.expandedArgs());
        return args;
    }
}
