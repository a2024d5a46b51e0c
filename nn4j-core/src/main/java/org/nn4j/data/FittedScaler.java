package org.nn4j.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A per-feature affine transform x′ = (x − offset) · scale, fitted on training data by {@link Scaling} and stored
 * with a model so that new inputs are scaled exactly as its training data was. Min-max and standard scaling are
 * both this one form; {@code kind} records which fitted it ("minmax", "standard" or "none").
 *
 * <p>Immutable: the arrays are copied in and out.
 *
 * @param kind   which scaling fitted it: {@code minmax}, {@code standard} or {@code none}
 * @param offset per feature, the value subtracted (copied)
 * @param scale  per feature, the factor applied after subtracting (copied; non-zero)
 */
public record FittedScaler(String kind, float[] offset, float[] scale) {
    /**
     * Checks one finite offset and one finite, non-zero scale per feature, and copies the arrays.
     *
     * @param kind which scaling fitted it
     * @param offset per feature, the value subtracted
     * @param scale per feature, the factor applied after subtracting
     * @throws IllegalArgumentException if the arrays differ in length, are empty, or hold a bad value
     */
    public FittedScaler {
        Objects.requireNonNull(kind, "kind");
        if (offset.length == 0 || offset.length != scale.length) {
            throw new IllegalArgumentException("offset and scale need one value per feature, got " + offset.length
                    + " and " + scale.length);
        }
        for (int j = 0; j < offset.length; j++) {
            if (!Float.isFinite(offset[j]) || !Float.isFinite(scale[j]) || scale[j] == 0) {
                throw new IllegalArgumentException("feature " + j + " has offset " + offset[j] + " and scale "
                        + scale[j] + "; both must be finite and the scale non-zero");
            }
        }
        offset = offset.clone();
        scale = scale.clone();
    }

    /**
     * Per feature, the value subtracted.
     *
     * @return a copy
     */
    @Override
    public float[] offset() {
        return offset.clone();
    }

    /**
     * Per feature, the factor applied after subtracting.
     *
     * @return a copy
     */
    @Override
    public float[] scale() {
        return scale.clone();
    }

    /**
     * The number of features it scales.
     *
     * @return d
     */
    public int numFeatures() {
        return offset.length;
    }

    /**
     * A new data set with scaled features and the same labels or targets; float64 data is scaled in float64.
     *
     * @param data samples with this scaler's number of features
     * @return the scaled copy
     * @throws IllegalArgumentException if the number of features differs
     */
    public Dataset transform(Dataset data) {
        if (!data.isDouble()) {
            return data.withFeatures(transform(data.features(), data.numFeatures()), data.numFeatures());
        }
        int d = data.numFeatures();
        transform(new float[0], d);  // checks the width
        double[] x = data.doubleFeatures().clone();
        for (int i = 0; i < x.length; i += d) {
            for (int j = 0; j < d; j++) {
                x[i + j] = (x[i + j] - offset[j]) * scale[j];
            }
        }
        return data.withFeatures(x, d);
    }

    /**
     * Scales sample-major rows of {@code d} features into a new array; the input is left unchanged, since it is
     * often a data set's own (shared) feature array.
     * @param rowMajor n × d values, sample-major
     * @param d features per sample, which must be this scaler's
     * @return the scaled values, a new array
     * @throws IllegalArgumentException if d differs or the length is not a multiple of it
     */
    public float[] transform(float[] rowMajor, int d) {
        if (d != offset.length || rowMajor.length % d != 0) {
            throw new IllegalArgumentException("this scaler was fitted on " + offset.length + " features; got "
                    + rowMajor.length + " values in rows of " + d);
        }
        float[] out = new float[rowMajor.length];
        for (int i = 0; i < rowMajor.length; i += d) {
            for (int j = 0; j < d; j++) {
                out[i + j] = (rowMajor[i + j] - offset[j]) * scale[j];
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FittedScaler s && kind.equals(s.kind) && Arrays.equals(offset, s.offset)
                && Arrays.equals(scale, s.scale);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Arrays.hashCode(offset), Arrays.hashCode(scale));
    }

    @Override
    public String toString() {
        return "FittedScaler(" + kind + ", offset=" + Arrays.toString(offset) + ", scale=" + Arrays.toString(scale)
                + ")";
    }
}
