package org.nn4j.spark;

import java.io.Serializable;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * A flat vector (parameters, a gradient sum, an optimiser moment) in the element type of its model, in a form
 * Spark can ship: what the driver broadcasts and what partitions send back to be summed.
 */
final class FlatVector implements Serializable {
    private static final long serialVersionUID = 1L;
    private final float[] floats;
    private final double[] doubles;

    private FlatVector(float[] floats, double[] doubles) {
        this.floats = floats;
        this.doubles = doubles;
    }

    /** A copy of {@code t}'s values, scaled by {@code alpha}. */
    static FlatVector scaledCopy(Tensor t, double alpha) {
        Tensor c = Tensor.zeros(t.dtype(), t.size(), 1);
        Ops.axpby(alpha, t.view(0, t.size(), 1), 0, c, c);
        return t.dtype() == DType.F32 ? new FlatVector(c.floats(), null) : new FlatVector(null, c.doubles());
    }

    /** A float64 vector holding {@code values} (no copy): sums that stay in double whatever the model's type. */
    static FlatVector of(double[] values) {
        return new FlatVector(null, values);
    }

    /** The values of a float64 vector (no copy). */
    double[] doubles() {
        return doubles;
    }

    static FlatVector copyOf(Tensor t) {
        return scaledCopy(t, 1);
    }

    /** The values as a P × 1 tensor over this vector's storage (no copy). */
    Tensor tensor() {
        return floats != null ? Tensor.wrap(floats, floats.length, 1) : Tensor.wrap(doubles, doubles.length, 1);
    }

    /** this += other, in place; returns this. */
    FlatVector add(FlatVector other) {
        Tensor t = tensor();
        Ops.axpby(1, other.tensor(), 1, t, t);
        return this;
    }

    /** Writes the values into {@code target} (same size; element types may differ). */
    void copyTo(Tensor target) {
        Ops.copy(tensor(), target);
    }

    /** Writes the values × {@code alpha} into {@code target} (same size and element type). */
    void scaleInto(double alpha, Tensor target) {
        Ops.axpby(alpha, tensor(), 0, target, target);
    }
}
