package org.nn4j.gradcheck;

import java.util.ArrayList;
import java.util.List;
import org.nn4j.layers.Layer;
import org.nn4j.layers.Parameter;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;

/**
 * Compares a model's analytic gradients with central differences, (L(θ + h) − L(θ − h)) / 2h, for every
 * parameter and every input element, in float64.
 *
 * <p>Each tensor's error is ‖analytic − numeric‖₂ / (‖analytic‖₂ + ‖numeric‖₂), the relative difference used in
 * Ng's gradient-checking recipe; 0 when both vanish. The input gradient compared is ∂L/∂x = dA[0] / m.
 *
 * <p>The function differenced is the training-mode loss including regularisation penalties, the one training
 * descends: batch normalisation uses the batch's statistics, and dropout layers should be given a fixed mask
 * ({@code Dropout.fixMask}), since the mask is part of the function.
 */
public final class GradientCheck {
    /** The step of the central difference: truncation error ~h², rounding error ~ε/h, both far below 1e-6. */
    public static final double STEP = 1e-6;
    /** The pass mark for the relative error of every tensor. */
    public static final double TOLERANCE = 1e-6;
    /** Pre-activations of kinked activations (ReLU) must stay this far from 0 so no step crosses the kink. */
    public static final double KINK_MARGIN = 1e-4;

    private GradientCheck() {
    }

    /** The error of one tensor's gradient. */
    public record TensorError(String tensor, double relativeError, double maxAbsoluteError) {
    }

    /** The errors of all tensors of one model on one batch. */
    public record Result(List<TensorError> errors) {
        public double maxRelativeError() {
            return errors.stream().mapToDouble(TensorError::relativeError).max().orElse(0);
        }

        /** The tensor with the largest relative error. */
        public TensorError worst() {
            return errors.stream().max((a, b) -> Double.compare(a.relativeError(), b.relativeError())).orElseThrow();
        }

        public boolean passed() {
            return maxRelativeError() <= TOLERANCE;
        }
    }

    /** Checks every parameter and input gradient of a float64 model on batch (x, y). */
    public static Result check(Sequential model, Tensor x, Tensor y) {
        if (model.dtype() != DType.F64) {
            throw new IllegalArgumentException("gradient checks need a float64 model, got " + model.dtype());
        }
        model.computeGradients(x, y, true);
        double[] analytic = model.gradients().toDoubleArray();
        double[] analyticInput = model.lastInputGradient().toDoubleArray();
        int m = x.cols();
        for (int i = 0; i < analyticInput.length; i++) {
            analyticInput[i] /= m;
        }
        List<TensorError> errors = new ArrayList<>();
        Tensor theta = model.parameters();
        int offset = 0;
        int layer = 1;
        for (Layer l : model.layers()) {
            for (Parameter p : l.parameters()) {
                double[] numeric = numericGradient(model, theta, offset, p.size(), x, y);
                errors.add(compare(p.name() + "[" + layer + "]", analytic, offset, numeric));
                offset += p.size();
            }
            layer++;
        }
        errors.add(compare("X (input)", analyticInput, 0, numericGradient(model, x, 0, x.size(), x, y)));
        return new Result(errors);
    }

    /**
     * How close the training-mode forward pass of x comes to a kink of any layer (a ReLU's 0, a tie in a pooling
     * window), as each layer reports it; +∞ if no layer has one.
     */
    public static double kinkDistance(Sequential model, Tensor x) {
        model.forward(x, true);
        double min = Double.POSITIVE_INFINITY;
        for (Layer l : model.layers()) {
            min = Math.min(min, l.kinkDistance());
        }
        return min;
    }

    private static double[] numericGradient(Sequential model, Tensor t, int from, int count, Tensor x, Tensor y) {
        double[] g = new double[count];
        for (int i = 0; i < count; i++) {
            double saved = t.getFlat(from + i);
            t.setFlat(from + i, saved + STEP);
            double plus = model.loss(x, y, true);
            t.setFlat(from + i, saved - STEP);
            double minus = model.loss(x, y, true);
            t.setFlat(from + i, saved);
            g[i] = (plus - minus) / (2 * STEP);
        }
        return g;
    }

    private static TensorError compare(String name, double[] analytic, int from, double[] numeric) {
        double diff = 0;
        double normA = 0;
        double normN = 0;
        double maxAbs = 0;
        for (int i = 0; i < numeric.length; i++) {
            double a = analytic[from + i];
            double d = a - numeric[i];
            diff += d * d;
            normA += a * a;
            normN += numeric[i] * numeric[i];
            maxAbs = Math.max(maxAbs, Math.abs(d));
        }
        double denominator = Math.sqrt(normA) + Math.sqrt(normN);
        double rel = denominator == 0 ? 0 : Math.sqrt(diff) / denominator;
        return new TensorError(name, rel, maxAbs);
    }
}
