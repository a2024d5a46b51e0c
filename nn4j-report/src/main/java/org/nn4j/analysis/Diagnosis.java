package org.nn4j.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Bias or variance, from the error rates at each stage (Ng, <i>Machine Learning Yearning</i>, ch. 20-29): the
 * avoidable bias is training error − baseline error (human or Bayes level, 0 when unknown), the variance is
 * validation error − training error (test error when there is no validation set). A gap above the tolerance is a
 * problem; the larger one is the one to work on first. A test error well above the validation error means the
 * validation set does not represent the test data, or the settings were fitted to it.
 *
 * @param validation NaN when there was no validation set
 * @param test       NaN when there was no test set
 * @param baseline  the error a human or the Bayes rate reaches, the bar to compare with
 * @param train     the last epoch's training error
 * @param tolerance how far apart two errors may be and count as equal
 * @param verdict   what limits the model
 * @param advice    the standard remedies for that verdict
 */
public record Diagnosis(double baseline, double train, double validation, double test, double tolerance,
                        Verdict verdict, List<String> advice) {
    /** What limits the model. */
    public enum Verdict {
        GOOD_FIT("good fit: training error is near the baseline and generalisation holds"),
        HIGH_BIAS("high bias (underfitting): the model does not fit its training data well enough"),
        HIGH_VARIANCE("high variance (overfitting): the model fits its training data far better than new data"),
        HIGH_BIAS_AND_VARIANCE("high bias and high variance: it underfits the training data and fails to generalise");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** The usual tolerance: gaps under two percentage points are noise for most data sets. */
    public static final double DEFAULT_TOLERANCE = 0.02;

    public Diagnosis {
        advice = List.copyOf(advice);
    }

    /** Diagnoses the error rates (fractions in [0, 1]); validation and test may be NaN, but not both. */
    public static Diagnosis of(double baseline, double train, double validation, double test, double tolerance) {
        check("baseline error", baseline);
        check("training error", train);
        if (Double.isNaN(validation) && Double.isNaN(test)) {
            throw new IllegalArgumentException("a diagnosis needs a validation or a test error besides the training"
                    + " error");
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("diagnosis tolerance must lie in [0, 1), got " + tolerance);
        }
        double heldOut = Double.isNaN(validation) ? test : validation;
        double bias = train - baseline;
        double variance = heldOut - train;
        boolean highBias = bias > tolerance;
        boolean highVariance = variance > tolerance;
        Verdict verdict = highBias && highVariance ? Verdict.HIGH_BIAS_AND_VARIANCE
                : highBias ? Verdict.HIGH_BIAS : highVariance ? Verdict.HIGH_VARIANCE : Verdict.GOOD_FIT;
        List<String> advice = new ArrayList<>();
        if (highBias) {
            advice.add(String.format(Locale.ROOT, "avoidable bias %.2f%% (training %.2f%% vs baseline %.2f%%): "
                    + "try a bigger network (more units or layers), train longer or with a better-tuned optimiser, "
                    + "and weaken any regularisation", 100 * bias, 100 * train, 100 * baseline));
        }
        if (highVariance) {
            advice.add(String.format(Locale.ROOT, "variance %.2f%% (%s %.2f%% vs training %.2f%%): get more training"
                    + " data, add regularisation (L2, dropout), stop earlier, or use a smaller network",
                    100 * variance, Double.isNaN(validation) ? "test" : "validation", 100 * heldOut, 100 * train));
        }
        if (!Double.isNaN(validation) && !Double.isNaN(test) && test - validation > tolerance) {
            advice.add(String.format(Locale.ROOT, "test error %.2f%% exceeds validation error %.2f%%: the validation "
                    + "set may not represent the test data, or the settings were tuned to it; use a larger or "
                    + "better-matched validation set", 100 * test, 100 * validation));
        }
        if (advice.isEmpty()) {
            advice.add(String.format(Locale.ROOT, "bias %.2f%% and variance %.2f%% are both within %.2f%%: more of "
                    + "the same will not help much; look at the errors themselves", 100 * bias, 100 * variance,
                    100 * tolerance));
        }
        if (highBias && highVariance) {
            advice.add(bias >= variance ? "work on the bias first: it is the larger gap"
                    : "work on the variance first: it is the larger gap");
        }
        return new Diagnosis(baseline, train, validation, test, tolerance, verdict, advice);
    }

    private static void check(String what, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(what + " must be a fraction in [0, 1], got " + v);
        }
    }
}
