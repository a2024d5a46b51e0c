package org.nn4j.optimizers;

import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * Gradient clipping, applied to the flat gradient between backpropagation and the optimiser step. By value,
 * every component is clipped to [−clipValue, clipValue]; by global norm (Pascanu, Mikolov &amp; Bengio 2013),
 * when ‖g‖₂ exceeds clipNorm the whole gradient is rescaled to norm clipNorm, keeping its direction. When both
 * are set, values are clipped first. Zero switches either off.
 *
 * @param clipNorm  the largest global L2 norm of the gradient, 0 for no limit
 * @param clipValue the largest absolute value of a component, 0 for no limit
 */
public record GradientClipping(double clipNorm, double clipValue) {
    public static final GradientClipping NONE = new GradientClipping(0, 0);

    public GradientClipping {
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm) || !(clipValue >= 0) || Double.isInfinite(clipValue)) {
            throw new IllegalArgumentException("clipping thresholds must be finite and ≥ 0 (0 for none), got clipNorm="
                    + clipNorm + ", clipValue=" + clipValue);
        }
    }

    /** Clips {@code gradients} in place. */
    public void apply(Tensor gradients) {
        if (clipValue > 0) {
            Ops.clamp(gradients, clipValue);
        }
        if (clipNorm > 0) {
            double norm = Math.sqrt(Ops.sumOfSquares(gradients));
            if (norm > clipNorm) {
                Ops.scale(gradients, clipNorm / norm);
            }
        }
    }
}
