package org.nn4j.metrics;

/**
 * Scores of a classifier's probabilities against true labels, as scikit-learn defines them. Probabilities are
 * sample-major, n × k as {@code Sequential.predict} returns them; k = 1 means one sigmoid unit giving P(class 1)
 * of a two-class task.
 */
public final class Scores {
    /**
     * Probabilities are clipped to [ε, 1 − ε] before the logarithm, as scikit-learn's {@code log_loss} did with its
     * long-standing default ε = 1e-15, so a confident mistake costs 34.5 nats rather than infinity.
     */
    public static final double LOG_LOSS_EPSILON = 1e-15;

    private Scores() {
    }

    /** The share of predictions equal to the label. */
    public static double accuracy(int[] actual, int[] predicted) {
        sameLength(actual.length, predicted.length, "accuracy");
        if (actual.length == 0) {
            throw new IllegalArgumentException("accuracy: no samples");
        }
        long right = 0;
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] == predicted[i]) {
                right++;
            }
        }
        return (double) right / actual.length;
    }

    /** The most probable class of each sample (for k = 1: class 1 when p ≥ 0.5). */
    public static int[] argmax(float[] probabilities, int k) {
        int n = samples(probabilities, k, "argmax");
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = k == 1 ? (probabilities[i] >= 0.5f ? 1 : 0) : best(probabilities, i * k, k);
        }
        return out;
    }

    /**
     * scikit-learn's {@code top_k_accuracy_score}: the share of samples whose label is among the {@code top} most
     * probable classes. A label counts as found when fewer than {@code top} classes are strictly more probable.
     */
    public static double topKAccuracy(float[] probabilities, int k, int[] labels, int top) {
        int n = samples(probabilities, k, "top-k accuracy");
        sameLength(n, labels.length, "top-k accuracy");
        if (top <= 0) {
            throw new IllegalArgumentException("top-k accuracy: k must be positive, got " + top);
        }
        long found = 0;
        for (int i = 0; i < n; i++) {
            double p = probability(probabilities, k, i, labels[i]);
            int above = 0;
            for (int c = 0; c < Math.max(k, 2); c++) {
                if (probability(probabilities, k, i, c) > p) {
                    above++;
                }
            }
            if (above < top) {
                found++;
            }
        }
        return (double) found / n;
    }

    /** scikit-learn's {@code log_loss}: the mean of −log p(true class), with p clipped to [ε, 1 − ε]. */
    public static double logLoss(float[] probabilities, int k, int[] labels) {
        int n = samples(probabilities, k, "log-loss");
        sameLength(n, labels.length, "log-loss");
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += sampleLoss(probabilities, k, i, labels[i]);
        }
        return sum / n;
    }

    /** −log p(label) of one sample, clipped as in {@link #logLoss}: the per-sample cross-entropy. */
    public static double sampleLoss(float[] probabilities, int k, int i, int label) {
        double p = probability(probabilities, k, i, label);
        return -Math.log(Math.min(Math.max(p, LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON));
    }

    /** P(class c) of sample i; for one sigmoid unit, P(1) = p and P(0) = 1 − p. */
    public static double probability(float[] probabilities, int k, int i, int c) {
        if (k == 1) {
            if (c < 0 || c > 1) {
                throw new IllegalArgumentException("sample " + i + " has class " + c + " but one sigmoid unit scores"
                        + " only classes 0 and 1");
            }
            return c == 1 ? probabilities[i] : 1 - (double) probabilities[i];
        }
        if (c < 0 || c >= k) {
            throw new IllegalArgumentException("sample " + i + " has class " + c + ", outside 0.." + (k - 1));
        }
        return probabilities[i * k + c];
    }

    private static int best(float[] v, int from, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (v[from + j] > v[from + best]) {
                best = j;
            }
        }
        return best;
    }

    private static int samples(float[] probabilities, int k, String what) {
        if (k <= 0 || probabilities.length % k != 0) {
            throw new IllegalArgumentException(what + ": " + probabilities.length + " probabilities do not form rows of "
                    + k);
        }
        if (probabilities.length == 0) {
            throw new IllegalArgumentException(what + ": no samples");
        }
        return probabilities.length / k;
    }

    private static void sameLength(int a, int b, String what) {
        if (a != b) {
            throw new IllegalArgumentException(what + ": " + a + " samples but " + b + " labels");
        }
    }
}
