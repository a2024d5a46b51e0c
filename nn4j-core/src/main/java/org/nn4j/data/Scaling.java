package org.nn4j.data;

import java.util.Arrays;

/**
 * Fits feature scaling on a training set. Fit on the training data only and apply the result to validation and
 * test data: statistics taken from held-out data would leak it into training.
 *
 * <p>Kinds: "minmax" maps each feature's training range onto [0, 1] (offset = min, scale = 1 / (max − min));
 * "standard" gives each feature zero mean and unit variance (offset = mean, scale = 1 / σ, σ the population
 * standard deviation, √(Σ(x − mean)² / n)); "none" is the identity. A feature that is constant on the training
 * data — or whose spread is so small its reciprocal overflows float32 — gets scale 1, so it maps to 0 instead of
 * dividing by zero.
 */
public final class Scaling {
    private Scaling() {
    }

    /**
     * Fits the named kind: "minmax", "standard" or "none".
     *
     * @param kind {@code minmax}, {@code standard} or {@code none}
     * @param train the training data it is fitted on
     * @return the fitted scaler
     * @throws IllegalArgumentException for another kind or an empty set
     */
    public static FittedScaler fit(String kind, Dataset train) {
        return switch (kind) {
            case "minmax" -> minMax(train);
            case "standard" -> standard(train);
            case "none" -> none(train.numFeatures());
            default -> throw new IllegalArgumentException("unknown scaling '" + kind
                    + "'; expected minmax, standard or none");
        };
    }

    /**
     * Min-max scaling: each feature mapped onto [0, 1] over the training data (a constant feature becomes 0).
     *
     * @param train the training data
     * @return the fitted scaler
     */
    public static FittedScaler minMax(Dataset train) {
        int d = requireSamples(train);
        double[] min = new double[d];
        double[] max = new double[d];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        float[] x = train.features();
        for (int i = 0; i < x.length; i += d) {
            for (int j = 0; j < d; j++) {
                min[j] = Math.min(min[j], x[i + j]);
                max[j] = Math.max(max[j], x[i + j]);
            }
        }
        double[] range = new double[d];
        for (int j = 0; j < d; j++) {
            range[j] = max[j] - min[j];
        }
        return scaler("minmax", min, range);
    }

    /**
     * Standard scaling: each feature centred on its training mean and divided by its standard deviation (1 if 0).
     *
     * @param train the training data
     * @return the fitted scaler
     */
    public static FittedScaler standard(Dataset train) {
        int d = requireSamples(train);
        int n = train.size();
        double[] mean = new double[d];
        double[] sumSq = new double[d];
        float[] x = train.features();
        for (int i = 0; i < x.length; i += d) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[i + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        // Two passes (mean, then squared deviations) rather than Σx² − n·mean², which cancels catastrophically.
        for (int i = 0; i < x.length; i += d) {
            for (int j = 0; j < d; j++) {
                double dev = x[i + j] - mean[j];
                sumSq[j] += dev * dev;
            }
        }
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(sumSq[j] / n);
        }
        return scaler("standard", mean, std);
    }

    /**
     * The identity on d features.
     *
     * @param d the number of features
     * @return offset 0 and scale 1 for every feature
     */
    public static FittedScaler none(int d) {
        float[] one = new float[d];
        Arrays.fill(one, 1f);
        return new FittedScaler("none", new float[d], one);
    }

    /** scale = 1 / spread, or 1 where the spread is zero or too small to invert in float32. */
    private static FittedScaler scaler(String kind, double[] offset, double[] spread) {
        float[] o = new float[offset.length];
        float[] s = new float[offset.length];
        for (int j = 0; j < o.length; j++) {
            o[j] = (float) offset[j];
            float inverse = (float) (1 / spread[j]);
            s[j] = Float.isFinite(inverse) && inverse != 0 ? inverse : 1f;
        }
        return new FittedScaler(kind, o, s);
    }

    private static int requireSamples(Dataset train) {
        if (train.size() == 0) {
            throw new IllegalArgumentException("cannot fit scaling on an empty data set");
        }
        return train.numFeatures();
    }
}
