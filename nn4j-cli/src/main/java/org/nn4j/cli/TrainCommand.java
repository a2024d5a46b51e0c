package org.nn4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nn4j.data.Dataset;
import org.nn4j.data.FittedScaler;
import org.nn4j.data.Scaling;
import org.nn4j.io.ModelFile;
import org.nn4j.io.SavedModel;
import org.nn4j.models.Evaluation;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.OptimizerConfig;
import org.nn4j.training.History;
import org.nn4j.training.Trainer;
import org.nn4j.training.TrainingConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nn train}: trains a network on a data set, reports each epoch and the test score, saves the model. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a feed-forward network and report its accuracy.")
final class TrainCommand implements Callable<Integer> {
    @ArgGroup(exclusive = false, multiplicity = "1", heading = "Data%n")
    DataOptions data;

    @Mixin
    ModelOptions model;

    @Mixin
    SparkOptions spark;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "NAME",
            description = "sgd, momentum or adam (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE",
            description = "learning rate (default: the optimizer's own, 0.001 for adam, 0.01 for sgd)")
    Double learningRate;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "M", description = "mini-batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--epochs", defaultValue = "10", paramLabel = "N", description = "passes over the data (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "seed of all randomness: initialisation, split, shuffling (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--validation-split", defaultValue = "0", paramLabel = "F",
            description = "fraction of the training data held out for validation (default: ${DEFAULT-VALUE})")
    double validationSplit;

    @Option(names = "--no-shuffle", description = "visit the training samples in file order each epoch")
    boolean noShuffle;

    @Option(names = "--scale", defaultValue = "auto", paramLabel = "KIND",
            description = "input scaling fitted on the training data: none, minmax, standard, or auto (none for "
                    + "fashion-mnist, whose pixels are already in [0, 1]; standard for CSV)")
    String scale;

    @Option(names = "--out", paramLabel = "FILE", description = "save the trained model here (.nn)")
    Path out;

    @Option(names = "--no-progress", description = "print one line per epoch only, no progress bar")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        TrainingConfig config = trainingConfig();
        spark.check();
        Run run = run(data, model, config, scale, out, !noProgress && System.console() != null, spark);
        return run == null ? 1 : 0;
    }

    TrainingConfig trainingConfig() {
        return new TrainingConfig(epochs, batchSize,
                OptimizerConfig.named(optimizer, learningRate == null ? Double.NaN : learningRate),
                seed, !noShuffle, validationSplit);
    }

    /** The result of a training run as the CLI reports it. */
    record Run(Sequential model, History history, Evaluation test) {
    }

    /** Loads data, builds, trains, tests and saves: shared by {@code train} and {@code demo}. */
    static Run run(DataOptions data, ModelOptions modelOptions, TrainingConfig config, String scale, Path out,
                   boolean live) throws Exception {
        return run(data, modelOptions, config, scale, out, live, new SparkOptions());
    }

    /** As above, on Spark when {@code spark} says so. */
    static Run run(DataOptions data, ModelOptions modelOptions, TrainingConfig config, String scale, Path out,
                   boolean live, SparkOptions spark) throws Exception {
        Dataset all = data.load("train");
        Dataset train = all;
        Dataset validation = null;
        if (config.validationSplit() > 0) {
            Dataset.Split split = all.split(config.validationSplit(), config.seed());
            train = split.train();
            validation = split.validation();
        }
        String kind = scale.equals("auto") ? (data.isFashionMnist() ? "none" : "standard") : scale;
        FittedScaler scaler = Scaling.fit(kind, train);
        train = scaler.transform(train);
        validation = validation == null ? null : scaler.transform(validation);
        Sequential model = modelOptions.build(train);
        System.out.printf(Locale.ROOT, "Training on %s: %,d samples%s, %d features, %s%n", data, train.size(),
                validation == null ? "" : String.format(Locale.ROOT, " (%,d held out for validation)", validation.size()),
                train.numFeatures(), train.isClassification() ? train.numClasses() + " classes" : "regression");
        System.out.print(model.summary());
        ProgressBar progress = new ProgressBar(System.out, live);
        long start = System.nanoTime();
        History history = spark.enabled() ? spark.fit(model, train, validation, config, progress)
                : new Trainer(config).addListener(progress).fit(model, train, validation);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "Trained %d epochs in %.1fs%n", config.epochs(), seconds);
        Evaluation test = null;
        String testSplit = data.testSplit();
        if (testSplit != null) {
            Dataset testData = scaler.transform(data.load(testSplit));
            test = model.evaluate(testData);
            System.out.printf(Locale.ROOT, "Test (%s, %,d samples): loss %.4f - accuracy %.4f%n", testSplit,
                    test.samples(), test.loss(), test.accuracy());
        }
        if (out != null) {
            ModelFile.save(out, new SavedModel(model, config, scaler, all.classNames(), data.classes,
                    history.epochs()));
            System.out.println("Saved model to " + out);
        }
        return new Run(model, history, test);
    }
}
