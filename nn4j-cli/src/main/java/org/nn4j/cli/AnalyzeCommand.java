package org.nn4j.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nn4j.io.AtomicFile;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nn4j.analysis.Diagnosis;
import org.nn4j.analysis.ErrorAnalysis;
import org.nn4j.analysis.ModelAnalysis;
import org.nn4j.data.Dataset;
import org.nn4j.io.ModelFile;
import org.nn4j.io.SavedModel;
import org.nn4j.metrics.BinaryCurves;
import org.nn4j.metrics.ClassificationReport;
import org.nn4j.metrics.ConfusionMatrix;
import org.nn4j.report.ImageGrid;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nn analyze}: how good a saved model is on a data set and where it fails: confusion matrix, per-class
 * precision, recall and F1, the most confused pairs, the worst mistakes, and a bias/variance diagnosis.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Error analysis of a saved model: confusion, per-class scores, worst mistakes, bias/variance.")
final class AnalyzeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "a model saved by nn train --out")
    Path modelFile;

    @ArgGroup(exclusive = false, multiplicity = "1", heading = "Data%n")
    DataOptions data;

    @Mixin
    AnalysisOptions options;

    @Option(names = "--grid", paramLabel = "FILE.png",
            description = "for image data, draw the worst mistakes with true and predicted labels into this PNG")
    Path grid;

    @Override
    public Integer call() throws Exception {
        try (Outputs outputs = new Outputs().inputs(modelFile, data.file()).file("--grid", grid)) {
            return analyze();
        }
    }

    private int analyze() throws Exception {
        ModelAnalysis a = options.analyse(modelFile, data);
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "Data: %s, %,d samples%n", a.dataName(), a.raw().size());
        if (a.errors() == null) {
            out.printf(Locale.ROOT, "MSE %.6g   MAE %.6g   R² %.4f%n", a.scores().mse(), a.scores().mae(),
                    a.scores().r2());
            return 0;
        }
        ErrorAnalysis e = a.errors();
        List<String> names = e.classNames();
        out.printf(Locale.ROOT, "accuracy %.4f   top-2 accuracy %.4f   log-loss %.4f%n%n", e.accuracy(),
                e.topKAccuracy(2), e.logLoss());
        confusion(out, e.confusion(), names);
        scores(out, e.report(), e.confusion(), names);
        out.println("Most confused pairs (true → predicted)");
        for (ConfusionMatrix.Confusion c : e.confusion().mostConfused(options.top)) {
            out.printf(Locale.ROOT, "  %-14s → %-14s %6d   %5.1f%% of %s%n", names.get(c.actual()),
                    names.get(c.predicted()), c.count(), 100.0 * c.count() / e.confusion().support(c.actual()),
                    names.get(c.actual()));
        }
        out.println();
        out.println("Highest-loss mistakes");
        List<ErrorAnalysis.Mistake> worst = e.worstMistakes(options.top);
        for (ErrorAnalysis.Mistake m : worst) {
            out.printf(Locale.ROOT, "  sample %-6d true %-14s predicted %-14s p = %.4f   loss %.3f%n", m.index(),
                    names.get(m.actual()), names.get(m.predicted()), m.confidence(), m.loss());
        }
        out.println();
        BinaryCurves curves = e.binaryCurves();
        if (curves != null) {
            BinaryCurves.Choice f1 = curves.bestF1();
            out.printf(Locale.ROOT, "ROC AUC %.4f   average precision %.4f   best-F1 threshold %.4f (precision %.4f,"
                    + " recall %.4f, F1 %.4f)%n%n", curves.auc(), curves.averagePrecision(), f1.threshold(),
                    f1.precision(), f1.recall(), f1.f1());
        }
        diagnosis(out, a.diagnosis());
        if (grid != null) {
            if (ImageGrid.side(a.raw().numFeatures()) == 0) {
                throw new IllegalArgumentException("--grid: the samples have " + a.raw().numFeatures()
                        + " features, not a square image");
            }
            List<ErrorAnalysis.Mistake> shown = e.worstMistakes(options.gridSize);
            AtomicFile.write(grid, ImageGrid.of(a.raw(), shown, names));
            out.println("Wrote the " + shown.size() + " worst mistakes to " + grid);
        }
        return 0;
    }

    static void confusion(PrintStream out, ConfusionMatrix cm, List<String> names) {
        out.println("Confusion matrix (rows: true class, columns: predicted)");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-14s", ""));
        for (int p = 0; p < cm.numClasses(); p++) {
            header.append(String.format(Locale.ROOT, " %7s", abbreviate(names.get(p))));
        }
        out.println(header);
        for (int t = 0; t < cm.numClasses(); t++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-14s", names.get(t)));
            for (int p = 0; p < cm.numClasses(); p++) {
                row.append(String.format(Locale.ROOT, " %7d", cm.count(t, p)));
            }
            out.println(row);
        }
        out.println();
    }

    private static void scores(PrintStream out, ClassificationReport r, ConfusionMatrix cm, List<String> names) {
        String row = "  %-14s %9s %9s %9s %9s %11s%n";
        out.printf(Locale.ROOT, row, "class", "precision", "recall", "f1", "support", "error rate");
        for (int c = 0; c < names.size(); c++) {
            out.printf(Locale.ROOT, row, names.get(c), f(r.precision()[c]), f(r.recall()[c]), f(r.f1()[c]),
                    r.support()[c], f(cm.errorRate(c)));
        }
        out.printf(Locale.ROOT, row, "macro avg", f(r.macro().precision()), f(r.macro().recall()),
                f(r.macro().f1()), cm.total(), "");
        out.printf(Locale.ROOT, row, "weighted avg", f(r.weighted().precision()), f(r.weighted().recall()),
                f(r.weighted().f1()), cm.total(), "");
        out.println();
    }

    private static void diagnosis(PrintStream out, Diagnosis d) {
        if (d == null) {
            out.println("Diagnosis: not possible, the model file has no training history with accuracy");
            return;
        }
        out.printf(Locale.ROOT, "Diagnosis (error: baseline %s, training %s (last epoch), validation %s, test %s)%n",
                pct(d.baseline()), pct(d.train()), pct(d.validation()), pct(d.test()));
        out.println("  " + d.verdict());
        d.advice().forEach(line -> out.println("  - " + line));
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    private static String abbreviate(String name) {
        return name.length() <= 7 ? name : name.substring(0, 6) + "…";
    }

    /** Loads the model and the data and analyses them: shared by {@code analyze} and {@code report}. */
    static ModelAnalysis analyse(Path modelFile, DataOptions data, double baseline, double tolerance) throws Exception {
        SavedModel saved = ModelFile.load(modelFile);
        Dataset raw = EvaluateCommand.load(data, saved, "test");
        String name = data.isFashionMnist() && !data.data.contains(":") ? data.data + ":test" : data.data;
        return ModelAnalysis.of(saved, name, raw, baseline, tolerance);
    }
}
