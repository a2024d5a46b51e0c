package org.nn4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.nn4j.activations.Activation;
import org.nn4j.config.RunConfig;
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
import org.nn4j.tune.SearchSpace;
import org.nn4j.tune.SuccessiveHalving;
import org.nn4j.tune.TrialLog;
import org.nn4j.tune.TrialResult;
import org.nn4j.tune.TrialRunner;
import org.nn4j.tune.Tuner;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nn tune}: grid or random search over {@code nn train} flags, with successive halving, hold-out or k-fold
 * validation and parallel trials. Each trial is the run configuration {@code nn train} makes of the same flags
 * ({@link RunConfig}), with the trial's values set in it; every finished trial is appended to the results file at
 * once, and a search run again on the same file skips what it finished.
 */
@Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Search hyper-parameters: grid or random, successive halving, resumable.")
final class TuneCommand implements Callable<Integer> {
    @ArgGroup(exclusive = false, multiplicity = "1", heading = "Data%n")
    DataOptions data;

    @Option(names = "--limit", paramLabel = "N", description = "search on a random N of the training samples")
    Integer limit;

    @Option(names = "--search", defaultValue = "grid", paramLabel = "KIND",
            description = "grid (every combination) or random (default: ${DEFAULT-VALUE})")
    String search;

    @Option(names = "--trials", defaultValue = "12", paramLabel = "N",
            description = "configurations drawn by random search (default: ${DEFAULT-VALUE})")
    int trials;

    @Option(names = "--grid-points", defaultValue = "3", paramLabel = "N",
            description = "values a grid takes from each low..high range, log-spaced (default: ${DEFAULT-VALUE})")
    int gridPoints;

    @Option(names = "--lr", paramLabel = "SPEC", description = "learning rates: a,b,c or low..high (log scale)")
    String lr;

    @Option(names = "--layers", paramLabel = "UNITS", description = "hidden layer sizes to try, repeatable: "
            + "--layers 64 --layers 128,64")
    List<String> layers;

    @Option(names = "--batch-size", paramLabel = "SPEC", description = "batch sizes: a,b,c")
    String batchSize;

    @Option(names = "--optimizer", paramLabel = "SPEC", description = "optimisers: e.g. adam,momentum,sgd")
    String optimizer;

    @Option(names = "--activation", paramLabel = "SPEC", description = "hidden activations: e.g. relu,tanh")
    String activation;

    @Option(names = "--dropout", paramLabel = "SPEC", description = "dropout rates (needs nn train --dropout)")
    String dropout;

    @Option(names = "--l2", paramLabel = "SPEC", description = "L2 strengths: a,b,c or low..high (needs nn train --l2)")
    String l2;

    @Option(names = "--epochs", defaultValue = "9", paramLabel = "N",
            description = "epochs of the last rung (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--min-epochs", paramLabel = "N",
            description = "epochs of the first rung of successive halving (default: --epochs, i.e. no halving)")
    Integer minEpochs;

    @Option(names = "--eta", defaultValue = "3", paramLabel = "η",
            description = "successive halving keeps the best 1/η of each rung (default: ${DEFAULT-VALUE})")
    int eta;

    @Option(names = "--folds", defaultValue = "0", paramLabel = "K",
            description = "k-fold cross-validation with K ≥ 2 folds; 0 for one hold-out split (default)")
    int folds;

    @Option(names = "--validation-split", defaultValue = "0.2", paramLabel = "F",
            description = "hold-out fraction when --folds is 0 (default: ${DEFAULT-VALUE})")
    double validationSplit;

    @Option(names = "--parallel", paramLabel = "N", description = "trials at once (default: the number of cores)")
    Integer parallel;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "seed of the subset, splits, random search and every trial (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--results", defaultValue = "tune-results.jsonl", paramLabel = "FILE",
            description = "JSON Lines file of finished trials; an existing one is resumed (default: ${DEFAULT-VALUE})")
    Path results;

    @Option(names = "--out", paramLabel = "FILE", description = "train the best configuration again and save it here")
    Path out;

    /** One way to split the tuning data: training and validation parts. */
    private record Fold(Dataset train, Dataset validation) {
    }

    @Override
    public Integer call() throws Exception {
        try (Outputs outputs = new Outputs().inputs(data.file()).file("--results", results).file("--out", out)) {
            return tune();
        }
    }

    private int tune() throws Exception {
        SearchSpace space = space();
        List<Map<String, String>> configs = switch (search) {
            case "grid" -> space.grid(gridPoints);
            case "random" -> space.random(trials, seed);
            default -> throw new IllegalArgumentException("--search must be grid or random, got '" + search + "'");
        };
        SuccessiveHalving schedule = new SuccessiveHalving(minEpochs == null ? epochs : minEpochs, epochs, eta);
        RunConfig base = base();
        configs.forEach(c -> trial(base, c, epochs));
        Dataset all = subset(data.load("train"));
        List<Fold> splits = folds(all);
        int threads = parallel != null ? parallel : Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "Tuning on %,d samples of %s: %d configurations, rungs of %s epochs, %s, "
                + "%d at a time; results in %s%n", all.size(), data, configs.size(), schedule.rungEpochs(),
                folds >= 2 ? folds + "-fold cross-validation" : "hold-out of " + validationSplit, threads, results);
        TrialLog log = TrialLog.open(results);
        TrialRunner runner = (params, e) -> {
            RunConfig run = trial(base, params, e);
            double score = 0;
            double loss = 0;
            String metric = "";
            for (Fold f : splits) {
                Evaluation v = train(run, f).test();
                metric = Double.isNaN(v.accuracy()) ? "-loss" : "accuracy";
                score += (Double.isNaN(v.accuracy()) ? -v.loss() : v.accuracy()) / splits.size();
                loss += v.loss() / splits.size();
            }
            return new TrialRunner.Outcome(score, metric, loss);
        };
        TrialResult best = new Tuner(runner, log, schedule, threads, System.out::println).search(configs);
        List<TrialResult> finished = log.results().stream().filter(r -> r.error() == null).toList();
        TrialResult worst = finished.stream().min((a, b) -> Double.compare(a.score(), b.score())).orElse(best);
        System.out.printf(Locale.ROOT, "Best: %s after %d epochs: validation %s %.4f (worst trial: %s %.4f, %s)%n",
                best.key(), best.epochs(), best.metric(), best.score(), worst.metric(), worst.score(), worst.key());
        List<String> command = trainArgs(best.params(), best.epochs());
        System.out.println("Reproduce with:\n  ./nn train " + command.stream().map(TuneCommand::quote)
                .collect(Collectors.joining(" ")) + (out == null ? "" : " --out " + out)
                + (limit != null ? "\n  (the search used " + all.size() + " of the training samples; this trains on"
                + " all of them)" : ""));
        if (out != null) {
            Fold f = splits.size() == 1 ? splits.get(0) : new Fold(all, null);
            RunConfig run = trial(base, best.params(), best.epochs());
            Trained t = train(run, f);
            ModelFile.save(out, new SavedModel(t.model(), run.training(), t.scaler(), all.classNames(),
                    data.classes, t.history().epochs()).withFeatureNames(all.featureNames()));
            System.out.println("Saved the best configuration, trained on the tuning data, to " + out);
        }
        return 0;
    }

    private SearchSpace space() {
        List<SearchSpace.Dimension> dims = new ArrayList<>();
        add(dims, "--lr", lr);
        if (layers != null) {
            dims.add(new SearchSpace.Dimension("--layers", layers, 0, 0));
        }
        add(dims, "--batch-size", batchSize);
        add(dims, "--optimizer", optimizer);
        add(dims, "--activation", activation);
        add(dims, "--dropout", dropout);
        add(dims, "--l2", l2);
        if (dims.isEmpty()) {
            throw new IllegalArgumentException("nothing to tune: give values to search for at least one of --lr,"
                    + " --layers, --batch-size, --optimizer, --activation, --dropout, --l2");
        }
        return new SearchSpace(dims);
    }

    private static void add(List<SearchSpace.Dimension> dims, String flag, String spec) {
        if (spec != null) {
            dims.add(SearchSpace.Dimension.parse(flag, spec));
        }
    }

    /** The {@code nn train} arguments of a configuration. */
    private List<String> trainArgs(Map<String, String> params, int trialEpochs) {
        List<String> args = new ArrayList<>(List.of("--data", data.data));
        if (data.label != null) {
            args.addAll(List.of("--label", data.label));
        }
        if (data.classes != null) {
            args.addAll(List.of("--classes", Arrays.stream(data.classes).mapToObj(Integer::toString)
                    .collect(Collectors.joining(","))));
        }
        if (data.regression) {
            args.add("--regression");
        }
        if (data.inputShape != null) {
            args.addAll(List.of("--input-shape", data.inputShape));
        }
        args.addAll(SearchSpace.flags(params));
        args.addAll(List.of("--epochs", Integer.toString(trialEpochs), "--seed", Long.toString(seed)));
        return args;
    }

    /** {@code nn train}'s run configuration for the tuning data and seed: every other setting at its default. */
    private RunConfig base() {
        TrainCommand defaults = new TrainCommand();
        new CommandLine(defaults).parseArgs();
        defaults.data = data;
        defaults.seed = seed;
        return defaults.runConfig();
    }

    /** The run configuration of a trial: {@code base} with the trial's values and epochs; a bad value fails here. */
    private static RunConfig trial(RunConfig base, Map<String, String> params, int trialEpochs) {
        try {
            RunConfig.Model model = base.model();
            TrainingConfig.Builder training = base.training().toBuilder().epochs(trialEpochs);
            String optimizer = params.getOrDefault("--optimizer", TrainCommand.DEFAULT_OPTIMIZER);
            double lr = params.containsKey("--lr") ? Double.parseDouble(params.get("--lr")) : Double.NaN;
            training.optimizer(OptimizerConfig.named(optimizer, lr));
            for (Map.Entry<String, String> p : params.entrySet()) {
                String value = p.getValue();
                switch (p.getKey()) {
                    case "--lr", "--optimizer" -> { }
                    case "--batch-size" -> training.batchSize(Integer.parseInt(value.trim()));
                    case "--layers" -> model = model.withLayers(List.of(value.split(",")));
                    case "--activation" -> {
                        Activation.parse(value);
                        model = model.withActivation(value);
                    }
                    case "--dropout" -> model = model.withDropout(Double.parseDouble(value));
                    case "--l2" -> model = model.withL2(Double.parseDouble(value));
                    default -> throw new IllegalArgumentException("nn tune cannot vary " + p.getKey());
                }
            }
            return base.withModel(model).withTraining(training.build());
        } catch (IllegalArgumentException e) {  // NumberFormatException included
            throw new IllegalArgumentException("the trial " + TrialResult.keyOf(params) + " is not a valid nn train "
                    + "configuration: " + e.getMessage(), e);
        }
    }

    private record Trained(Sequential model, FittedScaler scaler, History history, Evaluation test) {
    }

    /** Trains as {@code nn train} would on this fold and evaluates on its validation part (if any). */
    private Trained train(RunConfig run, Fold f) {
        String kind = data.scaleKind(run.data().scale(), ModelOptions.of(run.model()));
        FittedScaler scaler = Scaling.fit(kind, f.train());
        Dataset train = scaler.transform(f.train());
        Dataset validation = f.validation() == null ? null : scaler.transform(f.validation());
        Sequential model = ModelOptions.of(run.model()).build(train);
        History history = new Trainer(run.training()).quiet().fit(model, train, validation);
        return new Trained(model, scaler, history, validation == null ? null : model.evaluate(validation));
    }

    private Dataset subset(Dataset all) {
        if (limit == null) {
            return all;
        }
        if (limit < 2 || limit > all.size()) {
            throw new IllegalArgumentException("--limit must lie in 2.." + all.size() + ", got " + limit);
        }
        int[] order = Dataset.permutation(all.size(), seed);
        int[] keep = Arrays.copyOf(order, limit);
        Arrays.sort(keep);
        return all.select(keep);
    }

    /** The hold-out split, or the k folds (fold i validates on every k-th sample of a seeded permutation). */
    private List<Fold> folds(Dataset all) {
        if (folds == 0) {
            Dataset.Split s = all.split(validationSplit, seed);
            return List.of(new Fold(s.train(), s.validation()));
        }
        if (folds < 2 || folds > all.size()) {
            throw new IllegalArgumentException("--folds must be 0 (hold-out) or lie in 2.." + all.size() + ", got "
                    + folds);
        }
        int[] order = Dataset.permutation(all.size(), seed);
        List<Fold> out = new ArrayList<>();
        for (int k = 0; k < folds; k++) {
            List<Integer> train = new ArrayList<>();
            List<Integer> validation = new ArrayList<>();
            for (int i = 0; i < order.length; i++) {
                (i % folds == k ? validation : train).add(order[i]);
            }
            out.add(new Fold(all.select(sorted(train)), all.select(sorted(validation))));
        }
        return out;
    }

    private static int[] sorted(List<Integer> indices) {
        return indices.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static String quote(String arg) {
        return arg.matches("[A-Za-z0-9_.,:/=+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
