package org.nn4j.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import org.nn4j.io.AtomicFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nn4j.data.CsvOptions;
import org.nn4j.data.CsvReader;
import org.nn4j.data.Dataset;
import org.nn4j.data.Schema;
import org.nn4j.io.ModelFile;
import org.nn4j.io.SavedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nn predict}: class probabilities and predicted classes for the rows of a CSV file. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict from a CSV of features; writes a CSV of probabilities and the predicted class.")
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "a model saved by nn train --out")
    Path modelFile;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "CSV with a header; every column a feature unless --label names one to ignore")
    Path input;

    @Option(names = "--label", paramLabel = "NAME|INDEX", description = "a label column in the CSV, ignored")
    String label;

    @Option(names = "--out", paramLabel = "FILE", description = "write the predictions here (default: standard output)")
    Path out;

    @Option(names = "--no-header", description = "the CSV has no header row: its columns are matched by position")
    boolean noHeader;

    @Option(names = "--by-position", description = "match columns to the model's inputs by position, not by header "
            + "name (for renamed columns)")
    boolean byPosition;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() throws Exception {
        try (Outputs outputs = new Outputs().inputs(modelFile, input).file("--out", out)) {
            return predict();
        }
    }

    private int predict() throws Exception {
        SavedModel saved = ModelFile.load(modelFile);
        CsvOptions options = CsvOptions.DEFAULT.withHeader(!noHeader);
        Dataset read = label == null ? CsvReader.unlabeled(input, options) : CsvReader.unlabeled(input, label, options);
        int inputs = saved.model().inputSize();
        if (read.numFeatures() != inputs && (saved.featureNames().isEmpty() || byPosition || noHeader)) {
            throw new IllegalArgumentException(input + ": " + read.numFeatures() + " feature columns, but the model"
                    + " takes " + inputs + (label == null ? " (name a label column to skip with --label)" : ""));
        }
        Dataset rows = new Schema(saved.featureNames(), List.of()).align(read, input.toString(),
                byPosition || noHeader, false);
        float[] x = saved.scaler().transform(rows.features(), inputs);
        float[] probs = saved.model().predict(x, rows.size());
        int[] classes = saved.model().predictClasses(x, rows.size());
        try (Writer w = out == null
                ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
                : new StringWriter()) {
            write(w, saved, probs, classes, rows.size());
            if (out != null) {
                AtomicFile.write(out, w.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return 0;
    }

    private static void write(Writer w, SavedModel saved, float[] probs, int[] classes, int n) throws IOException {
        int k = saved.model().outputSize();
        boolean classifier = saved.model().loss().classifies();
        List<String> names = saved.classNames();
        StringBuilder header = new StringBuilder();
        if (!classifier) {
            for (int j = 0; j < k; j++) {
                header.append(j == 0 ? "" : ",").append("output_").append(j);
            }
        } else if (k == 1) {
            header.append("p_").append(quote(names.size() > 1 ? names.get(1) : "1"));
        } else {
            for (int j = 0; j < k; j++) {
                header.append(j == 0 ? "" : ",").append("p_").append(quote(j < names.size() ? names.get(j) : "" + j));
            }
        }
        w.write(header + (classifier ? ",class,class_name" : "") + "\n");
        for (int i = 0; i < n; i++) {
            StringBuilder row = new StringBuilder();
            for (int j = 0; j < k; j++) {
                row.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6g", probs[i * k + j]));
            }
            if (classifier) {
                int c = classes[i];
                row.append(',').append(c).append(',').append(quote(c < names.size() ? names.get(c) : "" + c));
            }
            w.write(row + "\n");
        }
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
