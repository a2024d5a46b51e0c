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
import org.nn4j.models.Sequential;
import org.nn4j.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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

    @Option(names = "--precision", paramLabel = "N|full",
            description = "significant digits of each output; full: the shortest text that reads back as the same"
                    + " number (default: 6 for float32 models, full for float64)")
    String precision;

    @Option(names = "--no-header", description = "the CSV has no header row: its columns are matched by position")
    boolean noHeader;

    @Option(names = "--by-position", description = "match columns to the model's inputs by position, not by header "
            + "name (for renamed columns)")
    boolean byPosition;

    @Mixin
    ThreadsOption threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Outputs outputs = new Outputs().inputs(modelFile, input).file("--out", out)) {
            return predict();
        }
    }

    private int predict() throws Exception {
        SavedModel saved = ModelFile.load(modelFile);
        Sequential model = saved.model();
        int digits = digits(model.dtype());
        DType dtype = model.dtype();
        CsvOptions options = CsvOptions.DEFAULT.withHeader(!noHeader);
        Dataset read = CsvReader.unlabeled(input, label == null ? List.of() : List.of(label.split(",")), options,
                dtype);
        int inputs = model.inputSize();
        if (read.numFeatures() != inputs && (saved.featureNames().isEmpty() || byPosition || noHeader)) {
            throw new IllegalArgumentException(input + ": " + read.numFeatures() + " feature columns, but the model"
                    + " takes " + inputs + (label == null ? " (name a label column to skip with --label)" : ""));
        }
        Dataset rows = new Schema(saved.featureNames(), List.of()).align(read, input.toString(),
                byPosition || noHeader, false);
        double[][] outputs;
        int[] classes;
        if (dtype == DType.F64) {  // computed and written in float64
            outputs = model.predict(saved.scaler().transform(rows).doubleFeatureRows());
            classes = classes(outputs);
        } else {
            float[] x = saved.scaler().transform(rows.features(), inputs);
            float[] probs = model.predict(x, rows.size());
            classes = model.predictClasses(x, rows.size());
            outputs = new double[rows.size()][model.outputSize()];
            for (int i = 0; i < outputs.length; i++) {
                for (int j = 0; j < outputs[i].length; j++) {
                    outputs[i][j] = probs[i * outputs[i].length + j];
                }
            }
        }
        try (Writer w = out == null
                ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
                : new StringWriter()) {
            write(w, saved, outputs, classes, digits);
            if (out != null) {
                AtomicFile.write(out, w.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return 0;
    }

    /** The digits {@code --precision} asks for: N ≥ 1, or 0 for full precision. */
    private int digits(DType dtype) {
        if (precision == null) {
            return dtype == DType.F64 ? 0 : 6;
        }
        if (precision.equals("full")) {
            return 0;
        }
        try {
            int n = Integer.parseInt(precision);
            if (n >= 1 && n <= 17) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ParameterException(spec.commandLine(), "--precision " + precision
                + ": expected 1..17 significant digits or full");
    }

    /** The most probable class of each row (for one output: class 1 when p ≥ 0.5). */
    private static int[] classes(double[][] outputs) {
        int[] classes = new int[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            double[] p = outputs[i];
            for (int j = 1; j < p.length; j++) {
                classes[i] = p[j] > p[classes[i]] ? j : classes[i];
            }
            classes[i] = p.length == 1 ? (p[0] >= 0.5 ? 1 : 0) : classes[i];
        }
        return classes;
    }

    /** {@code v} with {@code digits} significant digits, or in full (float32 outputs as floats) for 0. */
    private static String format(double v, int digits, boolean float32) {
        if (digits == 0) {
            return float32 ? Float.toString((float) v) : Double.toString(v);
        }
        return String.format(Locale.ROOT, "%." + digits + "g", v);
    }

    private static void write(Writer w, SavedModel saved, double[][] outputs, int[] classes, int digits)
            throws IOException {
        int k = saved.model().outputSize();
        boolean float32 = saved.model().dtype() == DType.F32;
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
        for (int i = 0; i < outputs.length; i++) {
            StringBuilder row = new StringBuilder();
            for (int j = 0; j < k; j++) {
                row.append(j == 0 ? "" : ",").append(format(outputs[i][j], digits, float32));
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
