package org.nn4j.metrics;

/**
 * Regression scores as scikit-learn defines them, for n samples of t targets (sample-major); with several targets
 * each score is computed per target and averaged ({@code multioutput="uniform_average"}).
 *
 * <p>MSE = (1/n) Σ (y − ŷ)², MAE = (1/n) Σ |y − ŷ|, R² = 1 − Σ (y − ŷ)² / Σ (y − ȳ)²; a constant target gives
 * R² = 1 for a perfect fit and 0 otherwise, as in scikit-learn.
 *
 * @param mse mean squared error over all samples and targets
 * @param mae mean absolute error over all samples and targets
 * @param r2  coefficient of determination, averaged over targets (1 is perfect, 0 predicts the mean)
 */
public record RegressionScores(double mse, double mae, double r2) {
    public static RegressionScores of(float[] actual, float[] predicted, int targets) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("regression scores: " + actual.length + " targets but "
                    + predicted.length + " predictions");
        }
        if (targets <= 0 || actual.length == 0 || actual.length % targets != 0) {
            throw new IllegalArgumentException("regression scores: " + actual.length + " values do not form rows of "
                    + targets + " targets");
        }
        int n = actual.length / targets;
        double mse = 0;
        double mae = 0;
        double r2 = 0;
        for (int j = 0; j < targets; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += actual[i * targets + j];
            }
            mean /= n;
            double residual = 0;
            double absolute = 0;
            double variance = 0;
            for (int i = 0; i < n; i++) {
                double y = actual[i * targets + j];
                double e = y - predicted[i * targets + j];
                residual += e * e;
                absolute += Math.abs(e);
                variance += (y - mean) * (y - mean);
            }
            mse += residual / n / targets;
            mae += absolute / n / targets;
            r2 += (variance == 0 ? (residual == 0 ? 1 : 0) : 1 - residual / variance) / targets;
        }
        return new RegressionScores(mse, mae, r2);
    }
}
