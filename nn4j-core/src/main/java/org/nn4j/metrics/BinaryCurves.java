package org.nn4j.metrics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Threshold curves of a binary classifier's scores, as scikit-learn computes them. Samples are ranked by score,
 * highest first; each distinct score is a threshold t, predicting positive for every score ≥ t, with
 * TP(t) and FP(t) the positives and negatives at or above it.
 *
 * <ul>
 *   <li>ROC ({@code roc_curve} with {@code drop_intermediate=False}): FPR = FP/N against TPR = TP/P, starting at
 *       (0, 0) with threshold +∞; {@link #auc} is the trapezoidal area under it (Fawcett 2006).
 *   <li>Precision-recall ({@code precision_recall_curve}): precision TP/(TP+FP) against recall TP/P, from the
 *       lowest threshold up, then (recall 0, precision 1); {@link #averagePrecision} is
 *       AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ, without interpolation, as {@code average_precision_score}.
 * </ul>
 */
public final class BinaryCurves {
    private final double[] thresholds;
    private final long[] tp;
    private final long[] fp;
    private final long positives;
    private final long negatives;

    private BinaryCurves(double[] thresholds, long[] tp, long[] fp) {
        this.thresholds = thresholds;
        this.tp = tp;
        this.fp = fp;
        this.positives = tp[tp.length - 1];
        this.negatives = fp[fp.length - 1];
    }

    /** The curves of {@code scores} (higher means more likely positive) against labels 0 and 1. */
    public static BinaryCurves of(double[] scores, int[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException("binary curves: " + scores.length + " scores but " + labels.length
                    + " labels");
        }
        boolean hasPositive = false;
        boolean hasNegative = false;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("binary curves: sample " + i + " has label " + labels[i]
                        + "; expected 0 or 1");
            }
            hasPositive |= labels[i] == 1;
            hasNegative |= labels[i] == 0;
        }
        if (!hasPositive || !hasNegative) {
            throw new IllegalArgumentException("binary curves: need both positive and negative samples, got "
                    + (hasPositive ? "only positives" : "only negatives"));
        }
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        double[] t = new double[scores.length];
        long[] tps = new long[scores.length];
        long[] fps = new long[scores.length];
        int points = 0;
        long tpRun = 0;
        long fpRun = 0;
        for (int r = 0; r < order.length; r++) {
            int i = order[r];
            tpRun += labels[i];
            fpRun += 1 - labels[i];
            if (r == order.length - 1 || scores[order[r + 1]] != scores[i]) {
                t[points] = scores[i];
                tps[points] = tpRun;
                fps[points] = fpRun;
                points++;
            }
        }
        return new BinaryCurves(Arrays.copyOf(t, points), Arrays.copyOf(tps, points), Arrays.copyOf(fps, points));
    }

    /**
     * Points of a curve with the threshold that gives each.
     *
     * @param x          the curve's x values (false-positive rate, or recall), one per threshold
     * @param y          the curve's y values (true-positive rate, or precision)
     * @param thresholds the score thresholds at which each point is reached
     */
    public record Curve(double[] x, double[] y, double[] thresholds) {
    }

    /** x = false positive rate, y = true positive rate, from (0, 0) at threshold +∞ to (1, 1). */
    public Curve roc() {
        int n = thresholds.length + 1;
        double[] fpr = new double[n];
        double[] tpr = new double[n];
        double[] th = new double[n];
        th[0] = Double.POSITIVE_INFINITY;
        for (int j = 0; j < thresholds.length; j++) {
            fpr[j + 1] = (double) fp[j] / negatives;
            tpr[j + 1] = (double) tp[j] / positives;
            th[j + 1] = thresholds[j];
        }
        return new Curve(fpr, tpr, th);
    }

    /** The area under the ROC curve by the trapezoidal rule: the chance a positive outscores a negative. */
    public double auc() {
        Curve roc = roc();
        double area = 0;
        for (int j = 1; j < roc.x().length; j++) {
            area += (roc.x()[j] - roc.x()[j - 1]) * (roc.y()[j] + roc.y()[j - 1]) / 2;
        }
        return area;
    }

    /**
     * x = recall, y = precision, by increasing threshold as scikit-learn's {@code precision_recall_curve} returns
     * them, then the point (recall 0, precision 1), which has no threshold (NaN).
     */
    public Curve precisionRecall() {
        int n = thresholds.length + 1;
        double[] recall = new double[n];
        double[] precision = new double[n];
        double[] th = new double[n];
        for (int j = 0; j < thresholds.length; j++) {
            int at = thresholds.length - 1 - j;
            recall[j] = (double) tp[at] / positives;
            precision[j] = (double) tp[at] / (tp[at] + fp[at]);
            th[j] = thresholds[at];
        }
        precision[n - 1] = 1;
        th[n - 1] = Double.NaN;
        return new Curve(recall, precision, th);
    }

    /** AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ over thresholds from the highest down, with R₀ = 0. */
    public double averagePrecision() {
        double ap = 0;
        double previousRecall = 0;
        for (int j = 0; j < thresholds.length; j++) {
            double recall = (double) tp[j] / positives;
            ap += (recall - previousRecall) * tp[j] / (tp[j] + fp[j]);
            previousRecall = recall;
        }
        return ap;
    }

    /**
     * A threshold and the scores it gives on these samples.
     *
     * @param threshold         scores at or above it are called positive
     * @param precision         the share of predicted positives that are positive
     * @param recall            the share of positives predicted positive
     * @param f1                the harmonic mean of precision and recall
     * @param falsePositiveRate the share of negatives predicted positive
     */
    public record Choice(double threshold, double precision, double recall, double f1, double falsePositiveRate) {
    }

    /** The threshold of highest F1 = 2PR/(P + R): the usual choice when positives are rare. */
    public Choice bestF1() {
        int best = 0;
        for (int j = 1; j < thresholds.length; j++) {
            if (f1(j) > f1(best)) {
                best = j;
            }
        }
        return choice(best);
    }

    /** The threshold of highest Youden's J = TPR − FPR (Youden 1950): the ROC point farthest above the diagonal. */
    public Choice bestYouden() {
        int best = 0;
        for (int j = 1; j < thresholds.length; j++) {
            if (youden(j) > youden(best)) {
                best = j;
            }
        }
        return choice(best);
    }

    private double f1(int j) {
        return 2.0 * tp[j] / (2.0 * tp[j] + fp[j] + (positives - tp[j]));
    }

    private double youden(int j) {
        return (double) tp[j] / positives - (double) fp[j] / negatives;
    }

    private Choice choice(int j) {
        return new Choice(thresholds[j], (double) tp[j] / (tp[j] + fp[j]), (double) tp[j] / positives, f1(j),
                (double) fp[j] / negatives);
    }
}
