package org.nn4j.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every expected value here was worked out by hand from scikit-learn's definitions (the arithmetic is in the
 * comments); the binary-curve and regression cases are the examples of scikit-learn's own documentation for
 * {@code roc_curve}, {@code precision_recall_curve}, {@code average_precision_score}, {@code mean_squared_error},
 * {@code mean_absolute_error} and {@code r2_score}, whose printed outputs are the expected values.
 */
class MetricsTest {
    private static final double EPS = 1e-12;

    // rows true, columns predicted:  [2 1 1]   supports 4, 3, 3
    //                                [1 2 0]   predicted 3, 4, 3
    //                                [0 1 2]
    private static final int[] ACTUAL = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
    private static final int[] PREDICTED = {0, 0, 1, 2, 1, 1, 0, 2, 2, 1};

    @Test
    void confusionMatrixCountsRowsTrueColumnsPredicted() {
        ConfusionMatrix cm = ConfusionMatrix.of(ACTUAL, PREDICTED, 3);
        assertArrayEquals(new long[]{2, 1, 1}, cm.counts()[0]);
        assertArrayEquals(new long[]{1, 2, 0}, cm.counts()[1]);
        assertArrayEquals(new long[]{0, 1, 2}, cm.counts()[2]);
        assertEquals(0.6, cm.accuracy(), EPS);
        assertEquals(0.5, cm.errorRate(0), EPS);
        assertEquals(1.0 / 3, cm.errorRate(2), EPS);
        assertEquals(List.of(new ConfusionMatrix.Confusion(0, 1, 1), new ConfusionMatrix.Confusion(0, 2, 1)),
                cm.mostConfused(2));
    }

    @Test
    void perClassPrecisionRecallF1AndAveragesMatchScikitLearn() {
        ClassificationReport r = ConfusionMatrix.of(ACTUAL, PREDICTED, 3).report();
        // precision = diagonal / column sum: 2/3, 2/4, 2/3; recall = diagonal / row sum: 2/4, 2/3, 2/3
        assertArrayEquals(new double[]{2.0 / 3, 0.5, 2.0 / 3}, r.precision(), EPS);
        assertArrayEquals(new double[]{0.5, 2.0 / 3, 2.0 / 3}, r.recall(), EPS);
        // F1 = 2PR/(P+R): (2/3·1/2·2)/(7/6) = 4/7 for classes 0 and 1, 2/3 for class 2
        assertArrayEquals(new double[]{4.0 / 7, 4.0 / 7, 2.0 / 3}, r.f1(), EPS);
        assertArrayEquals(new long[]{4, 3, 3}, r.support());
        // macro: (2/3 + 1/2 + 2/3)/3 = 11/18; F1 (4/7 + 4/7 + 2/3)/3 = 38/63
        assertEquals(11.0 / 18, r.macro().precision(), EPS);
        assertEquals(11.0 / 18, r.macro().recall(), EPS);
        assertEquals(38.0 / 63, r.macro().f1(), EPS);
        // weighted by support 4,3,3: P (8/3 + 3/2 + 2)/10 = 37/60; R = accuracy = 0.6; F1 (16/7 + 12/7 + 2)/10 = 0.6
        assertEquals(37.0 / 60, r.weighted().precision(), EPS);
        assertEquals(0.6, r.weighted().recall(), EPS);
        assertEquals(0.6, r.weighted().f1(), EPS);
        assertEquals(0.6, r.accuracy(), EPS);
    }

    @Test
    void aClassNeverPredictedHasPrecisionZero() {
        ConfusionMatrix cm = ConfusionMatrix.of(new int[]{0, 1, 1}, new int[]{0, 0, 0}, 2);
        assertEquals(0, cm.precision(1), EPS);
        assertEquals(0, cm.f1(1), EPS);
        assertEquals(1.0 / 3, cm.precision(0), EPS);
    }

    // three samples, three classes: labels 0, 2, 2
    private static final float[] PROBS = {0.7f, 0.2f, 0.1f, 0.1f, 0.5f, 0.4f, 0.6f, 0.3f, 0.1f};
    private static final int[] LABELS = {0, 2, 2};

    @Test
    void logLossIsTheMeanNegativeLogProbabilityOfTheLabel() {
        // (−ln 0.7 − ln 0.4 − ln 0.1)/3 = (0.356675 + 0.916291 + 2.302585)/3
        assertEquals(1.1918502562689778, Scores.logLoss(PROBS, 3, LABELS), 1e-6);
        // one sigmoid unit: p(1) = 0.9 for a 1, p(1) = 0.2 for a 0: (−ln 0.9 − ln 0.8)/2
        assertEquals(0.16425203348601799, Scores.logLoss(new float[]{0.9f, 0.2f}, 1, new int[]{1, 0}), 1e-6);
        // a confident mistake is clipped at ε = 1e-15: −ln 1e-15 = 34.539
        assertEquals(34.538776394910684, Scores.logLoss(new float[]{1f, 0f}, 2, new int[]{1}), 1e-9);
    }

    @Test
    void topKAccuracyCountsTheLabelAmongTheKMostProbable() {
        // sample 0: label first; sample 1: label second (0.4 < 0.5); sample 2: label last
        assertEquals(1.0 / 3, Scores.topKAccuracy(PROBS, 3, LABELS, 1), EPS);
        assertEquals(2.0 / 3, Scores.topKAccuracy(PROBS, 3, LABELS, 2), EPS);
        assertEquals(1.0, Scores.topKAccuracy(PROBS, 3, LABELS, 3), EPS);
        assertArrayEquals(new int[]{0, 1, 0}, Scores.argmax(PROBS, 3));
        assertEquals(1.0 / 3, Scores.accuracy(LABELS, Scores.argmax(PROBS, 3)), EPS);
    }

    // scikit-learn's documentation example: y = [0, 0, 1, 1], scores = [0.1, 0.4, 0.35, 0.8]
    private static final double[] SCORES = {0.1, 0.4, 0.35, 0.8};
    private static final int[] BINARY = {0, 0, 1, 1};

    @Test
    void rocCurveAndAuc() {
        BinaryCurves curves = BinaryCurves.of(SCORES, BINARY);
        BinaryCurves.Curve roc = curves.roc();
        assertArrayEquals(new double[]{0, 0, 0.5, 0.5, 1}, roc.x(), EPS);
        assertArrayEquals(new double[]{0, 0.5, 0.5, 1, 1}, roc.y(), EPS);
        assertArrayEquals(new double[]{Double.POSITIVE_INFINITY, 0.8, 0.4, 0.35, 0.1}, roc.thresholds(), EPS);
        assertEquals(0.75, curves.auc(), EPS);
    }

    @Test
    void precisionRecallCurveAndAveragePrecision() {
        BinaryCurves curves = BinaryCurves.of(SCORES, BINARY);
        BinaryCurves.Curve pr = curves.precisionRecall();
        assertArrayEquals(new double[]{0.5, 2.0 / 3, 0.5, 1, 1}, pr.y(), EPS);
        assertArrayEquals(new double[]{1, 1, 0.5, 0.5, 0}, pr.x(), EPS);
        assertArrayEquals(new double[]{0.1, 0.35, 0.4, 0.8, Double.NaN}, pr.thresholds(), EPS);
        // 0.5·1 + 0·(1/2) + 0.5·(2/3) + 0·(1/2)
        assertEquals(5.0 / 6, curves.averagePrecision(), EPS);
    }

    @Test
    void thresholdChoices() {
        BinaryCurves curves = BinaryCurves.of(SCORES, BINARY);
        // F1 at thresholds 0.8, 0.4, 0.35, 0.1: 2/3, 1/2, 4/5, 2/3
        assertEquals(new BinaryCurves.Choice(0.35, 2.0 / 3, 1, 0.8, 0.5), curves.bestF1());
        // J = TPR − FPR: 0.5, 0, 0.5, 0; the first (highest threshold) of the ties
        assertEquals(0.8, curves.bestYouden().threshold(), EPS);
        assertThrows(IllegalArgumentException.class, () -> BinaryCurves.of(new double[]{0.1}, new int[]{1}));
    }

    @Test
    void regressionScores() {
        RegressionScores s = RegressionScores.of(new float[]{3, -0.5f, 2, 7}, new float[]{2.5f, 0, 2, 8}, 1);
        assertEquals(0.375, s.mse(), EPS);
        assertEquals(0.5, s.mae(), EPS);
        assertEquals(0.9486081370449679, s.r2(), EPS);
    }

    @Test
    void badInputsNameTheProblem() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(new int[]{0, 3}, new int[]{0, 1}, 3));
        assertEquals("confusion matrix: sample 1 has true class 3 and prediction 1, outside 0..2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Scores.logLoss(new float[]{0.5f, 0.5f, 0.5f}, 2, new int[]{0}));
    }
}
