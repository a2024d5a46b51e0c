package org.nn4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.nn4j.config.RunConfig;
import org.nn4j.data.CsvReader;
import org.nn4j.data.Dataset;
import org.nn4j.data.FashionMnist;
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

    @Option(names = "--input-shape", paramLabel = "C,H,W",
            description = "each CSV row's features are an image of C channels of H×W pixels, flattened channel by "
                    + "channel, then row by row (PyTorch's reshape order); fashion-mnist is 1,28,28")
    String inputShape;

    /** These flags, with {@code --scale} and whether class weights are balanced, as the run configuration's data. */
    RunConfig.Data config(String scale, boolean balancedClassWeights) {
        return new RunConfig.Data(data, inputShape, label,
                classes == null ? List.of() : Arrays.stream(classes).boxed().toList(), regression, scale,
                balancedClassWeights);
    }

    /** The flags that give {@code config}, a relative CSV path taken relative to {@code dir}. */
    static DataOptions of(RunConfig.Data config, Path dir) {
        DataOptions d = new DataOptions();
        d.data = config.source();
        d.inputShape = config.inputShape();
        d.label = config.label();
        d.classes = config.classes().isEmpty() ? null : config.classes().stream().mapToInt(Integer::intValue).toArray();
        d.regression = config.regression();
        if (!d.isFashionMnist()) {
            d.data = dir.resolve(d.data).toString();
        }
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
            if (!Files.isRegularFile(file)) {
                throw new IOException(data + ": no such file (expected fashion-mnist or a CSV file)");
            }
            String column = label != null ? label : lastColumn(file);
            if (!regression && label != null && label.contains(",")) {
                throw new IllegalArgumentException("--label " + label + ": several label columns need --regression"
                        + " (a classifier has one label column; name a column holding a comma by its index)");
            }
            d = regression ? CsvReader.regression(file, List.of(column.split(",")), dtype)
                    : CsvReader.classification(file, column, dtype);
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

    /** The input scaling {@code --scale} asks for: {@code auto} is none for Fashion-MNIST, standard for CSV. */
    String scaleKind(String scale) {
        return scale.equals("auto") ? (isFashionMnist() ? "none" : "standard") : scale;
    }

    /** The split of Fashion-MNIST to test on after training, or null for CSV data. */
    String testSplit() {
        return isFashionMnist() && !data.endsWith(":test") ? "test" : null;
    }

    private static String lastColumn(Path file) throws IOException {
        try (var lines = Files.lines(file)) {
            String header = lines.findFirst().orElseThrow(() -> new IOException(file + ": the file is empty"));
            return Integer.toString(header.split(",", -1).length - 1);
        }
    }

    @Override
    public String toString() {
        return data + (classes == null ? "" : " classes " + Arrays.toString(classes));
    }
}
