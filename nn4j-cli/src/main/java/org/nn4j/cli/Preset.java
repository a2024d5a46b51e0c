package org.nn4j.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ParseResult;

/**
 * Documented training recipes for {@code nn train --preset NAME}: each is a list of ordinary {@code nn train}
 * flags, so a recipe reads exactly like the command it stands for, and any flag given on the command line
 * overrides the recipe's. {@code nn demo} runs the fashion-cnn-small recipe.
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
            "--seed 1"),
    /**
     * A small convolutional network for Fashion-MNIST, {@code nn demo}'s recipe: a 3×3 convolution of 32 channels
     * and one of 64, each with batch normalisation, ReLU and max-pool 2, dropout 0.25, dense 128 with ReLU and
     * dropout 0.4, softmax 10; AdamW at 2e-3 (weight decay 0.01) with a cosine schedule after one warm-up epoch, 12
     * epochs of batches of 128 (about five minutes on two cores).
     */
    FASHION_CNN_SMALL("fashion-cnn-small",
            "--data fashion-mnist",
            "--layers " + Preset.FASHION_CNN_SMALL_LAYERS,
            "--optimizer adamw",
            "--lr 0.002",
            "--weight-decay 0.01",
            "--schedule cosine",
            "--warmup 1",
            "--epochs 12",
            "--batch-size 128",
            "--seed 1"),
    /**
     * LeNet-5 for 28×28 images (the C1 network of nn bench): conv 5×5 6 padded by 2, ReLU, max-pool 2, conv 5×5 16,
     * ReLU, max-pool 2, dense 120 and 84 with ReLU, softmax 10; Adam at 1e-3, 10 epochs of batches of 128.
     */
    LENET5("lenet5",
            "--data fashion-mnist",
            "--layers " + Preset.LENET5_LAYERS,
            "--optimizer adam",
            "--lr 0.001",
            "--epochs 10",
            "--batch-size 128",
            "--seed 1"),
    /**
     * A C2-like network for Fashion-MNIST: two blocks of two 3×3 convolutions (32, then 64 channels) each followed
     * by batch normalisation and ReLU, max-pool 2 and dropout 0.25 after each block, dense 256 with batch norm,
     * ReLU and dropout 0.5, softmax 10; AdamW at 2e-3 (weight decay 0.01) with a cosine schedule after one warm-up
     * epoch, 20 epochs of batches of 128 (15 gave test accuracy 0.9397 with seed 1).
     */
    FASHION_CNN("fashion-cnn",
            "--data fashion-mnist",
            "--layers " + Preset.FASHION_CNN_LAYERS,
            "--optimizer adamw",
            "--lr 0.002",
            "--weight-decay 0.01",
            "--schedule cosine",
            "--warmup 1",
            "--epochs 20",
            "--batch-size 128",
            "--seed 1");

    /** LeNet-5's layers (C1 of nn bench), as --layers writes them. */
    static final String LENET5_LAYERS =
            "conv:6x5:p2,relu,maxpool:2,conv:16x5,relu,maxpool:2,flatten,dense:120:relu,dense:84:relu";
    /** The fashion-cnn-small recipe's layers, as --layers writes them. */
    static final String FASHION_CNN_SMALL_LAYERS = "conv:32x3:same:nobias,bn,relu,maxpool:2,"
            + "conv:64x3:same:nobias,bn,relu,maxpool:2,dropout:0.25,flatten,dense:128:relu,dropout:0.4";
    /** The fashion-cnn recipe's layers (C2 of nn bench), as --layers writes them. */
    static final String FASHION_CNN_LAYERS = "conv:32x3:same:nobias,bn,relu,conv:32x3:same:nobias,bn,relu,"
            + "maxpool:2,dropout:0.25,conv:64x3:same:nobias,bn,relu,conv:64x3:same:nobias,bn,relu,maxpool:2,"
            + "dropout:0.25,flatten,dense:256,bn,relu,dropout:0.5";

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
        throw new IllegalArgumentException("unknown preset '" + name + "' (known: " + String.join(", ",
                Arrays.stream(values()).map(p -> p.id).toList()) + ")");
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
