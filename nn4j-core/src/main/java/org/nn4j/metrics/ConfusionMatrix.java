package org.nn4j.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Counts of (true class, predicted class) pairs, rows true and columns predicted, as scikit-learn's
 * {@code confusion_matrix} lays them out; and the per-class scores read from it.
 *
 * <p>For class c: precision = C[c][c] / Σ_t C[t][c] (of the samples predicted c, the share that are c),
 * recall = C[c][c] / Σ_p C[c][p] (of the samples that are c, the share found), F1 = 2·P·R / (P + R). A ratio
 * whose denominator is 0 is 0, as scikit-learn's {@code zero_division="warn"} returns it.
 */
public final class ConfusionMatrix {
    private final long[][] counts;
    private final long total;

    private ConfusionMatrix(long[][] counts) {
        this.counts = counts;
        long n = 0;
        for (long[] row : counts) {
            for (long v : row) {
                n += v;
            }
        }
        this.total = n;
    }

    /** The matrix of {@code k} classes for true labels and predictions of equal length, each in 0 .. k−1. */
    public static ConfusionMatrix of(int[] actual, int[] predicted, int k) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("confusion matrix: " + actual.length + " true labels but "
                    + predicted.length + " predictions");
        }
        if (k <= 0) {
            throw new IllegalArgumentException("confusion matrix: needs at least one class, got " + k);
        }
        long[][] counts = new long[k][k];
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] < 0 || actual[i] >= k || predicted[i] < 0 || predicted[i] >= k) {
                throw new IllegalArgumentException("confusion matrix: sample " + i + " has true class " + actual[i]
                        + " and prediction " + predicted[i] + ", outside 0.." + (k - 1));
            }
            counts[actual[i]][predicted[i]]++;
        }
        return new ConfusionMatrix(counts);
    }

    public int numClasses() {
        return counts.length;
    }

    /** Samples of class {@code actual} predicted as {@code predicted}. */
    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** A copy of the counts, rows true and columns predicted. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    public long total() {
        return total;
    }

    /** The share of samples on the diagonal. */
    public double accuracy() {
        long right = 0;
        for (int c = 0; c < counts.length; c++) {
            right += counts[c][c];
        }
        return ratio(right, total);
    }

    /** Samples whose true class is c. */
    public long support(int c) {
        long s = 0;
        for (long v : counts[c]) {
            s += v;
        }
        return s;
    }

    /** Samples predicted as c. */
    public long predictedCount(int c) {
        long s = 0;
        for (long[] row : counts) {
            s += row[c];
        }
        return s;
    }

    public double precision(int c) {
        return ratio(counts[c][c], predictedCount(c));
    }

    public double recall(int c) {
        return ratio(counts[c][c], support(c));
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** 1 − recall: the share of class c's samples given another class. */
    public double errorRate(int c) {
        return support(c) == 0 ? 0 : 1 - recall(c);
    }

    /** Precision, recall and F1 per class with their macro and support-weighted means. */
    public ClassificationReport report() {
        return ClassificationReport.of(this);
    }

    /**
     * An off-diagonal cell: {@code count} samples of class {@code actual} predicted as {@code predicted}.
     *
     * @param actual    the true class
     * @param predicted the class predicted instead
     * @param count     how many samples of {@code actual} were predicted as {@code predicted}
     */
    public record Confusion(int actual, int predicted, long count) {
    }

    /** The {@code n} largest off-diagonal cells, largest first (ties: lower true class, then lower prediction). */
    public List<Confusion> mostConfused(int n) {
        List<Confusion> cells = new ArrayList<>();
        for (int t = 0; t < counts.length; t++) {
            for (int p = 0; p < counts.length; p++) {
                if (t != p && counts[t][p] > 0) {
                    cells.add(new Confusion(t, p, counts[t][p]));
                }
            }
        }
        cells.sort(Comparator.comparingLong(Confusion::count).reversed());
        return List.copyOf(cells.subList(0, Math.min(n, cells.size())));
    }

    static double ratio(long num, long den) {
        return den == 0 ? 0 : (double) num / den;
    }
}
