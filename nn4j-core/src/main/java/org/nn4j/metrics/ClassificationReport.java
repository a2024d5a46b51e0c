package org.nn4j.metrics;

/**
 * Per-class precision, recall, F1 and support, with the two averages scikit-learn's
 * {@code classification_report} prints: the macro mean (each class counts once) and the mean weighted by support
 * (each sample counts once). Classes with no true samples still count in the macro mean, as in scikit-learn.
 *
 * @param precision per class: the share of its predictions that are right (0 when never predicted)
 * @param recall    per class: the share of its samples predicted as it
 * @param f1        per class: the harmonic mean of precision and recall
 * @param support   per class: its number of true samples
 * @param accuracy  the share of all samples predicted right
 * @param macro     precision, recall and F1 averaged with each class counting once
 * @param weighted  the same averaged with each class weighted by its support
 */
public record ClassificationReport(double[] precision, double[] recall, double[] f1, long[] support,
                                   double accuracy, Averages macro, Averages weighted) {
    /**
     * Precision, recall and F1 averaged over classes.
     *
     * @param precision the mean precision
     * @param recall    the mean recall
     * @param f1        the mean F1
     */
    public record Averages(double precision, double recall, double f1) {
    }

    public ClassificationReport {
        precision = precision.clone();
        recall = recall.clone();
        f1 = f1.clone();
        support = support.clone();
    }

    static ClassificationReport of(ConfusionMatrix cm) {
        int k = cm.numClasses();
        double[] p = new double[k];
        double[] r = new double[k];
        double[] f = new double[k];
        long[] s = new long[k];
        double[] macro = new double[3];
        double[] weighted = new double[3];
        for (int c = 0; c < k; c++) {
            p[c] = cm.precision(c);
            r[c] = cm.recall(c);
            f[c] = cm.f1(c);
            s[c] = cm.support(c);
            double w = ConfusionMatrix.ratio(s[c], cm.total());
            macro[0] += p[c] / k;
            macro[1] += r[c] / k;
            macro[2] += f[c] / k;
            weighted[0] += p[c] * w;
            weighted[1] += r[c] * w;
            weighted[2] += f[c] * w;
        }
        return new ClassificationReport(p, r, f, s, cm.accuracy(), new Averages(macro[0], macro[1], macro[2]),
                new Averages(weighted[0], weighted[1], weighted[2]));
    }

    @Override
    public double[] precision() {
        return precision.clone();
    }

    @Override
    public double[] recall() {
        return recall.clone();
    }

    @Override
    public double[] f1() {
        return f1.clone();
    }

    @Override
    public long[] support() {
        return support.clone();
    }

    /** The table scikit-learn's {@code classification_report} prints: a row per class, accuracy, the two means. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "%12s %9s %9s %9s %9s%n", "",
                "precision", "recall", "f1-score", "support"));
        long total = 0;
        for (int c = 0; c < support.length; c++) {
            b.append(String.format(java.util.Locale.ROOT, "%12d %9.4f %9.4f %9.4f %9d%n", c, precision[c], recall[c],
                    f1[c], support[c]));
            total += support[c];
        }
        b.append(String.format(java.util.Locale.ROOT, "%12s %9s %9s %9.4f %9d%n", "accuracy", "", "", accuracy, total));
        for (Averages a : new Averages[] {macro, weighted}) {
            b.append(String.format(java.util.Locale.ROOT, "%12s %9.4f %9.4f %9.4f %9d%n",
                    a == macro ? "macro avg" : "weighted avg", a.precision(), a.recall(), a.f1(), total));
        }
        return b.toString();
    }
}
