package org.nn4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nn4j.config.RunConfig;
import org.nn4j.data.Dataset;
import org.nn4j.data.FittedScaler;
import org.nn4j.data.Scaling;
import org.nn4j.io.Checkpoint;
import org.nn4j.io.ModelFile;
import org.nn4j.io.SavedModel;
import org.nn4j.models.Evaluation;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.AdamW;
import org.nn4j.optimizers.GradientClipping;
import org.nn4j.optimizers.OptimizerConfig;
import org.nn4j.optimizers.schedules.ScheduleConfig;
import org.nn4j.tensor.DType;
import org.nn4j.training.ClassWeights;
import org.nn4j.training.EarlyStopping;
import org.nn4j.training.EpochLog;
import org.nn4j.training.History;
import org.nn4j.training.Trainer;
import org.nn4j.training.TrainingConfig;
import org.nn4j.training.TrainingDivergedException;
import org.nn4j.training.TrainingListener;
import org.nn4j.training.TrainingState;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import org.nn4j.tensor.Backend;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code nn train}: trains a network on a data set, reports each epoch and the test score, saves the model. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a feed-forward network and report its accuracy.")
final class TrainCommand implements Callable<Integer> {
    static final int DEFAULT_BATCH_SIZE = 32;
    /** The optimiser when {@code --optimizer} is not given. */
    static final String DEFAULT_OPTIMIZER = "adam";

    @Option(names = "--preset", paramLabel = "NAME",
            description = "start from a documented recipe (flags given explicitly override it): fashion-mnist (dense), "
                    + "lenet5, fashion-cnn")
    String preset;

    @ArgGroup(exclusive = false, multiplicity = "0..1", heading = "Data%n")
    DataOptions data;

    @Mixin
    ModelOptions model;

    @Mixin
    SparkOptions spark;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--optimizer", defaultValue = DEFAULT_OPTIMIZER, paramLabel = "NAME",
            description = "sgd, momentum, nesterov, rmsprop, adagrad, adam or adamw (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE",
            description = "learning rate (default: the optimizer's own, 0.001 for adam, adamw and rmsprop, 0.01 for "
                    + "sgd and adagrad)")
    Double learningRate;

    @Option(names = "--weight-decay", paramLabel = "L",
            description = "adamw's decoupled weight decay (default: 0.01)")
    Double weightDecay;

    @Option(names = "--schedule", defaultValue = "none", paramLabel = "SPEC",
            description = "learning-rate schedule: none, step:EVERY[:FACTOR], exponential[:FACTOR], cosine[:MIN_LR], "
                    + "plateau[:METRIC[:PATIENCE[:FACTOR]]] (default: ${DEFAULT-VALUE})")
    String schedule;

    @Option(names = "--warmup", defaultValue = "0", paramLabel = "EPOCHS",
            description = "epochs of linear warm-up before the cosine schedule (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--clip-norm", defaultValue = "0", paramLabel = "C",
            description = "rescale the gradient to global norm C when it is longer (default: ${DEFAULT-VALUE}, none)")
    double clipNorm;

    @Option(names = "--clip-value", defaultValue = "0", paramLabel = "C",
            description = "clip each gradient component to [-C, C] (default: ${DEFAULT-VALUE}, none)")
    double clipValue;

    @Option(names = "--early-stopping", paramLabel = "METRIC:PATIENCE",
            description = "stop when METRIC (e.g. val_loss, val_accuracy) has not improved for PATIENCE epochs, "
                    + "then restore the best epoch's weights")
    String earlyStopping;

    @Option(names = "--class-weights", paramLabel = "balanced|W,…",
            description = "weight each class's samples in the loss: 'balanced' (n / (k·n_c)) or one weight per class")
    String classWeights;

    @Option(names = "--batch-size", paramLabel = "M", description = "mini-batch size (default: " + DEFAULT_BATCH_SIZE
            + ", or " + SparkOptions.DEFAULT_BATCH_SIZE + " with --spark, where every mini-batch is a Spark job)")
    Integer batchSize;

    @Option(names = "--epochs", defaultValue = "10", paramLabel = "N", description = "passes over the data (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "seed of all randomness: initialisation, split, shuffling, dropout (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--validation-split", defaultValue = "0", paramLabel = "F",
            description = "fraction of the training data held out for validation (default: ${DEFAULT-VALUE})")
    double validationSplit;

    @Option(names = "--no-shuffle", description = "visit the training samples in file order each epoch")
    boolean noShuffle;

    @Option(names = "--scale", defaultValue = "auto", paramLabel = "KIND",
            description = "input scaling fitted on the training data: none, minmax, standard, or auto (standard; "
                    + "none for fashion-mnist read by a convolutional network, whose pixels are already in [0, 1])")
    String scale;

    @Option(names = "--out", paramLabel = "FILE", description = "save the trained model here (.nn)")
    Path out;

    @Option(names = "--no-progress", description = "print one line per epoch only, no progress bar")
    boolean noProgress;

    @Option(names = "--init", paramLabel = "FILE",
            description = "start from this model's weights, architecture and input scaling (fine-tuning; the "
                    + "optimizer starts afresh)")
    Path init;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "after every epoch, save the model and optimizer state to DIR/checkpoint.nn")
    Path checkpointDir;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "continue the run checkpointed in DIR, with the settings it was started with")
    Path resume;

    @Spec
    CommandSpec spec;

    /** Flags that set the layers, their regularisation or the input scaling, which a model given by --init has. */
    private static final List<String> ARCHITECTURE = List.of("--layers", "--activation", "--output", "--dtype",
            "--batch-norm", "--dropout", "--l1", "--l2", "--max-norm", "--scale");

    @Override
    public Integer call() throws Exception {
        return resolved().start();
    }

    /** This command with its preset's flags filled in where the command line left them unset. */
    TrainCommand resolved() {
        if (preset == null) {
            return this;
        }
        CommandLine resolved = new CommandLine(new TrainCommand());
        List<String> args = Preset.parse(preset).arguments(spec.commandLine().getParseResult());
        resolved.parseArgs(args.toArray(new String[0]));
        return resolved.getCommand();
    }

    private int start() throws Exception {
        boolean live = !noProgress && System.console() != null;
        if (resume != null) {
            return resumeRun(live);
        }
        if (data == null) {
            throw new ParameterException(spec.commandLine(),
                    "Missing required option: '--data=SOURCE' (or a --preset that names the data)");
        }
        spark.check();
        if (init != null) {
            for (String flag : ARCHITECTURE) {
                if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
                    throw new ParameterException(spec.commandLine(), flag + " cannot be combined with --init, "
                            + "which takes the architecture and input scaling from " + init);
                }
            }
        }
        RunConfig run = UsageException.of(this::runConfig);
        model.check();
        Outputs.refuseInside("--out", out, "--checkpoint-dir", checkpointDir);
        try (Outputs outputs = new Outputs().inputs(data.file(), init).file("--out", out)
                .directory("--checkpoint-dir", checkpointDir)) {
            execute(run, live, null);
        }
        return 0;
    }

    /** {@code --resume DIR}: continues the checkpointed run with the run configuration it recorded. */
    private Integer resumeRun(boolean live) throws Exception {
        for (CommandLine.Model.OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            if (!o.longestName().equals("--resume") && !o.longestName().equals("--no-progress")) {
                throw new ParameterException(spec.commandLine(), o.longestName() + " cannot be combined with --resume,"
                        + " which continues with the settings the run was started with");
            }
        }
        Checkpoint c = Checkpoint.load(resume);
        if (c.run() == null && !c.recordedCommand().isEmpty()) {
            throw new IllegalArgumentException(Checkpoint.file(resume) + " was written by an earlier nn4j, which "
                    + "recorded the command line instead of the run configuration, and cannot be resumed by this one "
                    + "(its model still loads: nn evaluate --model " + Checkpoint.file(resume) + "); start the run "
                    + "again with: nn train " + String.join(" ", c.recordedCommand()));
        }
        if (c.run() == null) {
            throw new IllegalArgumentException(resume + ": the checkpoint does not record a run configuration to "
                    + "resume; continue it from Java with Trainer.resume");
        }
        RunConfig run = c.run();
        Path cwd = workingDirectory(run);
        Path out = resolve(cwd, run.files().out());
        Path dir = run.files().checkpointDir() == null ? resume : resolve(cwd, run.files().checkpointDir());
        Outputs.refuseInside("--out", out, "--checkpoint-dir", dir);
        try (Outputs outputs = new Outputs().inputs(DataOptions.of(run.data(), cwd).file()).file("--out", out)
                .directory("--checkpoint-dir", dir)) {
            System.out.printf(Locale.ROOT, "Resuming from %s: epoch %d of %d done%n", Checkpoint.file(resume),
                    c.state().epoch(), c.saved().training().epochs());
            execute(run, live, c);
        }
        return 0;
    }

    /**
     * The flags as a run configuration, one field each: numbers given to {@code --class-weights} go into the
     * training settings, {@code balanced} is resolved against the training data when the run starts.
     */
    RunConfig runConfig() {
        TrainingConfig training = trainingConfig();
        boolean balanced = classWeights != null && classWeights.equalsIgnoreCase("balanced");
        if (classWeights != null && !balanced) {
            training = training.withClassWeights(classWeights(classWeights));
        }
        return new RunConfig(data.config(scale, balanced), model.config(), training, spark.config(),
                new RunConfig.Files(name(out), name(checkpointDir), name(init), Path.of("").toAbsolutePath().toString()));
    }

    private static String name(Path p) {
        return p == null ? null : p.toString();
    }

    /** The training flags as a training configuration, class weights aside ({@link #runConfig} adds them). */
    TrainingConfig trainingConfig() {
        OptimizerConfig opt = OptimizerConfig.named(optimizer, learningRate == null ? Double.NaN : learningRate);
        if (weightDecay != null) {
            if (!(opt instanceof AdamW.Config)) {
                throw new IllegalArgumentException("--weight-decay applies to --optimizer adamw (for the other "
                        + "optimizers use --l2)");
            }
            opt = new AdamW.Config(((AdamW.Config) opt).adam(), weightDecay);
        }
        int m = batchSize != null ? batchSize : spark.enabled() ? SparkOptions.DEFAULT_BATCH_SIZE : DEFAULT_BATCH_SIZE;
        return TrainingConfig.builder().epochs(epochs).batchSize(m).optimizer(opt).seed(seed)
                .shuffle(!noShuffle).validationSplit(validationSplit)
                .schedule(ScheduleConfig.parse(schedule, warmup))
                .clipping(new GradientClipping(clipNorm, clipValue))
                .earlyStopping(earlyStopping == null ? null : EarlyStopping.Config.parse(earlyStopping))
                .build();
    }

    /** --class-weights W,…: one weight per class. */
    private static List<Double> classWeights(String spec) {
        List<Double> weights = new ArrayList<>();
        for (String w : spec.split(",", -1)) {
            try {
                weights.add(Double.parseDouble(w.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--class-weights: '" + w + "' is not a number", e);
            }
        }
        return weights;
    }

    /** How a run begins: a fresh model, a saved model (--init), or a saved model and training state (--resume). */
    record Start(SavedModel from, TrainingState state) {
        static final Start FRESH = new Start(null, null);
    }

    /**
     * Runs {@code run}, or continues it from {@code resumeFrom} (may be null): loads data, builds or loads the model,
     * trains, tests and saves. If training diverges, the model (put back to its last good epoch) is saved to the
     * output file only when at least one epoch ended well. Relative paths are the run's working directory's.
     */
    private static void execute(RunConfig run, boolean live, Checkpoint resumeFrom) throws Exception {
        Path cwd = workingDirectory(run);
        DataOptions data = DataOptions.of(run.data(), cwd);
        SparkOptions spark = SparkOptions.of(run.spark());
        Path out = resolve(cwd, run.files().out());
        Path checkpointDir = resolve(cwd, run.files().checkpointDir());
        TrainingConfig config = resumeFrom != null ? resumeFrom.saved().training() : run.training();
        Start start = resumeFrom != null ? new Start(resumeFrom.saved(), resumeFrom.state())
                : run.files().init() != null ? new Start(ModelFile.load(cwd.resolve(run.files().init())), null)
                : Start.FRESH;
        DType dtype = start.from() != null ? start.from().model().dtype() : DType.parse(run.model().dtype());
        // float64 models read CSV values as doubles; a model given by --init or --resume names its inputs and
        // classes: the data is mapped onto them
        Dataset all = start.from() != null ? data.loadFor(start.from(), "train") : data.load("train", dtype);
        Dataset train = all;
        Dataset validation = null;
        if (config.validationSplit() > 0) {
            Dataset.Split split = all.split(config.validationSplit(), config.seed());
            train = split.train();
            validation = split.validation();
        }
        if (run.data().balancedClassWeights() && config.classWeights().isEmpty()) {
            if (!train.isClassification()) {
                throw new IllegalArgumentException("--class-weights needs class labels, the data has real targets");
            }
            config = config.withClassWeights(ClassWeights.balanced(train));
        }
        String kind = data.scaleKind(run.data().scale(), ModelOptions.of(run.model()));
        FittedScaler scaler = start.from() != null ? start.from().scaler() : Scaling.fit(kind, train);
        train = scaler.transform(train);
        validation = validation == null ? null : scaler.transform(validation);
        Sequential model = start.from() != null ? start.from().model() : ModelOptions.of(run.model()).build(train);
        Backend.kernelWarningOnce().ifPresent(w -> System.err.println("nn: " + w));
        System.out.printf(Locale.ROOT, "Training on %s: %,d samples%s, %d features, %s%n", data, train.size(),
                validation == null ? "" : String.format(Locale.ROOT, " (%,d held out for validation)", validation.size()),
                train.numFeatures(), train.isClassification() ? train.numClasses() + " classes" : "regression");
        System.out.print(model.summary());
        List<TrainingListener> listeners = new ArrayList<>(List.of(new ProgressBar(System.out, live)));
        if (checkpointDir != null) {
            listeners.add(Checkpoint.saver(checkpointDir, saved(model, config, scaler, all, data.classes, List.of()),
                    run));
            listeners.add(new TrainingListener() {
                @Override
                public void onEpochState(TrainingState state) {
                    System.out.println("Checkpoint: epoch " + state.epoch() + " saved to "
                            + Checkpoint.file(checkpointDir));
                }
            });
        }
        long started = System.nanoTime();
        History history;
        try {
            if (spark.enabled()) {
                history = spark.fit(model, train, validation, config, listeners, start.state());
            } else {
                Trainer trainer = new Trainer(config).quiet();  // the progress bar reports instead
                listeners.forEach(trainer::addListener);
                history = start.state() == null ? trainer.fit(model, train, validation)
                        : trainer.resume(model, train, validation, start.state());
            }
        } catch (TrainingDivergedException e) {
            if (out != null && e.restoredEpoch() > 0) {
                ModelFile.save(out, saved(model, config, scaler, all, data.classes, e.history().epochs()));
                System.err.println("nn train: saved epoch " + e.restoredEpoch() + ", the last good one, to " + out);
            } else if (out != null) {
                System.err.println("nn train: no epoch ended well; " + out + " was not written");
            }
            throw e;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "Trained %d epochs in %.1fs%n", history.epochs().size(), seconds);
        Evaluation test = null;
        String testSplit = data.testSplit();
        if (testSplit != null) {
            Dataset testData = scaler.transform(data.load(testSplit, dtype));
            test = model.evaluate(testData);
            System.out.printf(Locale.ROOT, "Test (%s, %,d samples): loss %.4f - accuracy %.4f%n", testSplit,
                    test.samples(), test.loss(), test.accuracy());
        }
        if (out != null) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (test != null) {
                metrics.put("test_loss", test.loss());
                if (!Double.isNaN(test.accuracy())) {
                    metrics.put("test_accuracy", test.accuracy());
                }
            }
            ModelFile.save(out, saved(model, config, scaler, all, data.classes, history.epochs()).withMetrics(metrics));
            System.out.println("Saved model to " + out);
        }
    }

    /** The model file's content: the model with the names of its data's classes and features. */
    private static SavedModel saved(Sequential model, TrainingConfig config, FittedScaler scaler, Dataset all,
                                    int[] classes, List<EpochLog> history) {
        return new SavedModel(model, config, scaler, all.classNames(), classes, history)
                .withFeatureNames(all.featureNames());
    }

    /** The directory the run's relative paths are relative to. */
    private static Path workingDirectory(RunConfig run) {
        return run.files().workingDirectory() == null ? Path.of("") : Path.of(run.files().workingDirectory());
    }

    /** {@code path} relative to {@code cwd}, or null for none. */
    private static Path resolve(Path cwd, String path) {
        return path == null ? null : cwd.resolve(path);
    }
}
