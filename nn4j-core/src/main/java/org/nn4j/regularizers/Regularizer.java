package org.nn4j.regularizers;

import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * Weight penalties added to the loss, with Keras's definitions: Ω(W) = l1·Σ|w| + l2·Σw², so
 * ∂Ω/∂w = l1·sign(w) + 2·l2·w. L2 is ridge or Tikhonov regularisation (Krogh &amp; Hertz 1992 on its effect in
 * networks); L1 is the lasso penalty (Tibshirani 1996) and drives weights to exactly zero. Note that PyTorch's
 * {@code weight_decay = λ} corresponds to l2 = λ/2. For decoupled weight decay use AdamW instead.
 *
 * @param l1 the coefficient of Σ|w|, ≥ 0
 * @param l2 the coefficient of Σw², ≥ 0
 */
public record Regularizer(double l1, double l2) {
    public static final Regularizer NONE = new Regularizer(0, 0);

    public Regularizer {
        if (!(l1 >= 0) || Double.isInfinite(l1) || !(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("weight penalties must be finite and ≥ 0, got l1=" + l1 + ", l2=" + l2);
        }
    }

    public boolean isNone() {
        return l1 == 0 && l2 == 0;
    }

    /** Ω(w) = l1·Σ|w| + l2·Σw². */
    public double penalty(Tensor w) {
        return (l1 == 0 ? 0 : l1 * Ops.sumAbs(w)) + (l2 == 0 ? 0 : l2 * Ops.sumOfSquares(w));
    }

    /** grad += ∂Ω/∂w. */
    public void addGradient(Tensor w, Tensor grad) {
        if (!isNone()) {
            Ops.addPenaltyGradient(w, l1, l2, grad);
        }
    }
}
