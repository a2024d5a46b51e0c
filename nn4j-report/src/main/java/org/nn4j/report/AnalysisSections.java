package org.nn4j.report;

import static org.nn4j.report.HtmlPage.escape;
import static org.nn4j.report.HtmlPage.image;
import static org.nn4j.report.HtmlPage.list;
import static org.nn4j.report.HtmlPage.paragraph;
import static org.nn4j.report.HtmlPage.preformatted;
import static org.nn4j.report.HtmlPage.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nn4j.analysis.Diagnosis;
import org.nn4j.analysis.ErrorAnalysis;
import org.nn4j.analysis.ModelAnalysis;
import org.nn4j.config.Json;
import org.nn4j.io.SavedModel;
import org.nn4j.metrics.BinaryCurves;
import org.nn4j.metrics.ClassificationReport;
import org.nn4j.metrics.ConfusionMatrix;
import org.nn4j.training.EpochLog;

/**
 * The sections of a model report: summary, training settings, learning curves, metrics, confusion matrix, error
 * analysis and the grid of worst mistakes. Section ids are stable ({@link #IDS}) so tests and links can find them.
 */
public final class AnalysisSections {
    /** The ids of the sections {@link #addTo} writes for a classifier, in page order. */
    public static final List<String> IDS = List.of("summary", "training", "curves", "metrics", "confusion",
            "errors", "mistakes");

    private AnalysisSections() {
    }

    /** Adds every section to {@code page}; {@code mistakes} is how many worst mistakes to list and draw. */
    public static HtmlPage addTo(HtmlPage page, ModelAnalysis a, int mistakes) {
        SavedModel saved = a.saved();
        page.section("summary", "Model summary", preformatted(saved.model().summary()
                + "Input scaling: " + saved.scaler().kind() + "\nClasses: " + String.join(", ", saved.classNames())));
        page.section("training", "Training settings", training(saved));
        page.section("curves", "Learning curves", curves(saved.history()));
        if (a.errors() == null) {
            page.section("metrics", "Metrics on " + a.dataName(), table(List.of("metric", "value"), List.of(
                    List.of("mean squared error", num(a.scores().mse())),
                    List.of("mean absolute error", num(a.scores().mae())),
                    List.of("R²", num(a.scores().r2())))));
            return page;
        }
        ErrorAnalysis e = a.errors();
        page.section("metrics", "Metrics on " + a.dataName(), metrics(e));
        page.section("confusion", "Confusion matrix", image(Charts.confusionHeatMap(e.confusion(), e.classNames()),
                "confusion matrix heat map") + confusionTable(e.confusion(), e.classNames()));
        page.section("errors", "Error analysis", errors(e, a.diagnosis(), mistakes));
        page.section("mistakes", "Worst mistakes", ImageGrid.side(a.raw().numFeatures()) == 0
                ? paragraph("The samples are not images; the worst mistakes are listed under Error analysis.")
                : paragraph("The misclassified samples with the highest loss, most confident first.")
                        + image(ImageGrid.of(a.raw(), e.worstMistakes(mistakes), e.classNames()), "worst mistakes"));
        return page;
    }

    private static String training(SavedModel saved) {
        if (saved.training() == null) {
            return paragraph("The model file does not record how it was trained.");
        }
        List<List<String>> rows = new ArrayList<>();
        Json.toTree(saved.training()).getAsJsonObject().entrySet()
                .forEach(en -> rows.add(List.of(en.getKey(), en.getValue().toString().replace("\"", ""))));
        rows.add(List.of("epochs run", Integer.toString(saved.history().size())));
        return table(List.of("setting", "value"), rows);
    }

    private static String curves(List<EpochLog> history) {
        if (history.isEmpty()) {
            return paragraph("The model file has no training history.");
        }
        String note = Double.isNaN(history.get(0).get("val_loss"))
                ? paragraph("Trained without a validation split: only training figures (running means over each "
                        + "epoch) are shown.") : "";
        return note + image(Charts.learningCurve(history, "loss"), "loss per epoch")
                + image(Charts.learningCurve(history, "accuracy"), "accuracy per epoch");
    }

    private static String metrics(ErrorAnalysis e) {
        String summary = table(List.of("metric", "value"), List.of(
                List.of("accuracy", num(e.accuracy())),
                List.of("top-2 accuracy", num(e.topKAccuracy(2))),
                List.of("log-loss", num(e.logLoss()))));
        ClassificationReport r = e.report();
        List<List<String>> rows = new ArrayList<>();
        for (int c = 0; c < e.classNames().size(); c++) {
            rows.add(List.of(e.classNames().get(c), num(r.precision()[c]), num(r.recall()[c]), num(r.f1()[c]),
                    Long.toString(r.support()[c])));
        }
        long n = e.confusion().total();
        rows.add(List.of("macro avg", num(r.macro().precision()), num(r.macro().recall()), num(r.macro().f1()),
                Long.toString(n)));
        rows.add(List.of("weighted avg", num(r.weighted().precision()), num(r.weighted().recall()),
                num(r.weighted().f1()), Long.toString(n)));
        String perClass = table(List.of("class", "precision", "recall", "F1", "support"), rows);
        BinaryCurves curves = e.binaryCurves();
        if (curves == null) {
            return summary + perClass;
        }
        BinaryCurves.Choice f1 = curves.bestF1();
        return summary + perClass + paragraph(String.format(Locale.ROOT, "ROC AUC %.4f, average precision %.4f; the "
                + "threshold of best F1 is %.4f (precision %.4f, recall %.4f).", curves.auc(),
                curves.averagePrecision(), f1.threshold(), f1.precision(), f1.recall()))
                + image(Charts.roc(curves), "ROC curve") + image(Charts.precisionRecall(curves), "precision-recall");
    }

    private static String confusionTable(ConfusionMatrix cm, List<String> names) {
        List<String> header = new ArrayList<>(List.of("true \\ predicted"));
        header.addAll(names);
        List<List<String>> rows = new ArrayList<>();
        for (int t = 0; t < cm.numClasses(); t++) {
            List<String> row = new ArrayList<>(List.of(names.get(t)));
            for (int p = 0; p < cm.numClasses(); p++) {
                row.add(Long.toString(cm.count(t, p)));
            }
            rows.add(row);
        }
        return table(header, rows);
    }

    private static String errors(ErrorAnalysis e, Diagnosis d, int top) {
        List<String> names = e.classNames();
        ConfusionMatrix cm = e.confusion();
        List<List<String>> pairs = new ArrayList<>();
        for (ConfusionMatrix.Confusion c : cm.mostConfused(top)) {
            pairs.add(List.of(names.get(c.actual()), names.get(c.predicted()), Long.toString(c.count()),
                    pct((double) c.count() / cm.support(c.actual()))));
        }
        List<List<String>> rates = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            rates.add(List.of(names.get(c), pct(cm.errorRate(c)), Long.toString(cm.support(c))));
        }
        List<List<String>> worst = new ArrayList<>();
        for (ErrorAnalysis.Mistake m : e.worstMistakes(top)) {
            worst.add(List.of(Integer.toString(m.index()), names.get(m.actual()), names.get(m.predicted()),
                    num(m.confidence()), num(m.loss())));
        }
        String diagnosis = d == null ? paragraph("No diagnosis: the model file has no training accuracy.")
                : paragraph(String.format(Locale.ROOT, "Error rates: baseline %s, training %s (last epoch), "
                        + "validation %s, test %s.", pct(d.baseline()), pct(d.train()), pct(d.validation()),
                        pct(d.test())))
                        + "<p class=\"verdict\">" + escape(d.verdict().toString()) + "</p>" + list(d.advice());
        return "<h3>Bias and variance</h3>" + diagnosis
                + "<h3>Most confused pairs</h3>" + table(List.of("true", "predicted", "count", "share of true"), pairs)
                + "<h3>Error rate per class</h3>" + table(List.of("class", "error rate", "support"), rates)
                + "<h3>Highest-loss mistakes</h3>"
                + table(List.of("sample", "true", "predicted", "p(predicted)", "loss"), worst);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }
}
