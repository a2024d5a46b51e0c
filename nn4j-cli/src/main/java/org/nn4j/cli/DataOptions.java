package org.nn4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.nn4j.config.RunConfig;
import org.nn4j.data.CsvOptions;
import org.nn4j.data.CsvReader;
import org.nn4j.data.Dataset;
import org.nn4j.data.FashionMnist;
import org.nn4j.data.Schema;
import org.nn4j.io.SavedModel;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Shape;
import picocli.CommandLine.Option;

/**
 * Where data comes from: {@code fashion-mnist} (or {@code fashion-mnist:train}/{@code :test}), or a CSV file whose
 * label column is named by {@code --label}; {@code --classes} keeps a subset of classes.
 */
final class DataOptions {
    static final String FASHION = "fashion-mnist";

    @Option(names = "--data", required = true, paramLabel = "SOURCE",
            description = "fashion-mnist[:train|:test] or a CSV file with a header row")
    String data;

    @Option(names = "--label", paramLabel = "NAME|INDEX[,…]",
            description = "the CSV's label column, by name or 0-based index (default: the last column); with"
                    + " --regression, several comma-separated target columns make a model with one output each")
    String label;

    @Option(names = "--classes", split = ",", paramLabel = "C",
            description = "keep only these classes, relabelled 0..k-1 in this order (two classes: a binary task)")
    int[] classes;

    @Option(names = "--regression", description = "the CSV label column is a real-valued target")
    boolean regression;

    @Option(names = "--no-header", description = "the CSV has no header row: its columns are known by 0-based "
            + "position, and a model matches them by position")
    boolean noHeader;

    @Option(names = "--by-position", description = "match the CSV's columns to a model's inputs by position, not "
            + "by header name (for renamed columns)")
    boolean byPosition;

    @Option(names = "--max-classes", paramLabel = "K", defaultValue = "" + CsvOptions.MAX_CLASSES,
            description = "refuse a label column that makes more classes than this (default: ${DEFAULT-VALUE})")
    int maxClasses;

    @Option(names = "--input-shape", paramLabel = "C,H,W",
            description = "each CSV row's features are an image of C channels of H×W pixels, flattened channel by "
                    + "channel, then row by row (PyTorch's reshape order); fashion-mnist is 1,28,28")
    String inputShape;

    /** These flags, with {@code --scale} and whether class weights are balanced, as the run configuration's data. */
    RunConfig.Data config(String scale, boolean balancedClassWeights) {
        return new RunConfig.Data(data, inputShape, label,
                classes == null ? List.of() : Arrays.stream(classes).boxed().toList(), regression, scale,
                balancedClassWeights, noHeader, byPosition, csvOptions().maxClasses());
    }

    /** The flags that give {@code config}, a relative CSV path taken relative to {@code dir}. */
    static DataOptions of(RunConfig.Data config, Path dir) {
        DataOptions d = new DataOptions();
        d.data = config.source();
        d.inputShape = config.inputShape();
        d.label = config.label();
        d.classes = config.classes().isEmpty() ? null : config.classes().stream().mapToInt(Integer::intValue).toArray();
        d.regression = config.regression();
        d.noHeader = config.noHeader();
        d.byPosition = config.byPosition();
        d.maxClasses = config.maxClasses();
        d.resolveAgainst(dir);
        return d;
    }

    boolean isFashionMnist() {
        return data.equals(FASHION) || data.startsWith(FASHION + ":");
    }

    /** The data set named by --data; {@code defaultSplit} applies to fashion-mnist without a split. */
    Dataset load(String defaultSplit) throws IOException {
        return load(defaultSplit, DType.F32);
    }

    /** As {@link #load(String)}, reading a CSV's values in {@code dtype}: doubles for a float64 model. */
    Dataset load(String defaultSplit, DType dtype) throws IOException {
        Dataset d;
        if (isFashionMnist()) {
            String split = data.contains(":") ? data.substring(data.indexOf(':') + 1) : defaultSplit;
            d = FashionMnist.load(split, msg -> System.err.println(msg));
        } else {
            Path file = Path.of(data);
            if (!Files.exists(file)) {
                throw new IOException(data + ": no such file (expected fashion-mnist or a CSV file)");
            }
            if (!regression && label != null && label.contains(",")) {
                throw new UsageException("--label " + label + ": several label columns need --regression"
                        + " (a classifier has one label column; name a column holding a comma by its index)");
            }
            d = regression ? CsvReader.regression(file, labelColumns(), csvOptions(), dtype)
                    : CsvReader.classification(file, label, csvOptions(), dtype);
        }
        if (inputShape != null) {
            try {
                d = d.withShape(Shape.parse(inputShape));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--input-shape " + inputShape + ": " + e.getMessage(), e);
            }
        }
        return classes == null ? d : d.filterClasses(classes);
    }

    /** The CSV file, or null for Fashion-MNIST. */
    Path file() {
        return isFashionMnist() ? null : Path.of(data);
    }

    /** Makes a relative CSV path relative to {@code dir} (resuming a run started elsewhere). */
    void resolveAgainst(Path dir) {
        if (!isFashionMnist()) {
            data = dir.resolve(data).toString();
        }
    }

    /**
     * The input scaling {@code --scale} asks for. {@code auto} is standard (each feature to zero mean and unit
     * variance over the training data, as inputs are normalised before a dense layer), except for Fashion-MNIST read
     * as images by a convolutional network: a convolution shares its kernel across positions, so its pixels, already
     * in [0, 1], are kept as they are rather than scaled position by position.
     */
    String scaleKind(String scale, ModelOptions model) {
        if (!scale.equals("auto")) {
            return scale;
        }
        return isFashionMnist() && model.readsImages() ? "none" : "standard";
    }

    /** The split of Fashion-MNIST to test on after training, or null for CSV data. */
    String testSplit() {
        return isFashionMnist() && !data.endsWith(":test") ? "test" : null;
    }

    /** The label column, or the comma-separated target columns of a regression; null entry: the last column. */
    List<String> labelColumns() {
        return label == null ? Arrays.asList((String) null) : List.of(label.split(","));
    }

    /** How the CSV is laid out, from --no-header and --max-classes. */
    CsvOptions csvOptions() {
        if (maxClasses < 2) {
            throw new UsageException("--max-classes must be at least 2, got " + maxClasses);
        }
        return new CsvOptions(!noHeader, maxClasses);
    }

    /**
     * The data a model is used on, mapped onto its inputs and classes by name (see {@link Schema}); rows of classes
     * the model was not trained on are dropped when it was trained on a subset of its data's classes.
     */
    Dataset loadFor(SavedModel saved, String defaultSplit) throws IOException {
        return saved.schema().align(load(defaultSplit, saved.model().dtype()), data, byPosition || noHeader,
                classes == null && saved.classes() != null);
    }

    @Override
    public String toString() {
        return data + (classes == null ? "" : " classes " + Arrays.toString(classes));
    }
}
