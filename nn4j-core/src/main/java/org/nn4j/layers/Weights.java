package org.nn4j.layers;

import java.util.List;
import org.nn4j.initializers.Initializer;
import org.nn4j.regularizers.Regularizer;
import org.nn4j.tensor.Ops;

/**
 * The weights of a layer that computes Z = W·X + b (dense and convolutional layers alike): W has one row per
 * output unit or filter and one column per input it reads (its fan-in), b one value per row. They share how W
 * starts (He or Glorot by fan-in and fan-out), its L1/L2 penalty (value added to the loss, gradient to dW) and
 * the max-norm constraint on each row, ‖W[u, :]‖₂ ≤ c, enforced after every optimiser step (Srivastava et al.
 * 2014, §5.1; for a convolution the row is one filter's weights over all its input channels, as Keras's
 * {@code MaxNorm} constrains a kernel).
 */
final class Weights {
    private final Initializer initializer;
    private final Regularizer regularizer;
    private final double maxNorm;
    private final boolean bias;
    private Parameter w;
    private Parameter b;

    /** Weights drawn by {@code initializer}, penalised by {@code regularizer}, max-norm bounded if maxNorm &gt; 0. */
    Weights(Initializer initializer, Regularizer regularizer, double maxNorm, boolean bias) {
        requireMaxNorm(maxNorm);
        this.initializer = initializer;
        this.regularizer = regularizer;
        this.maxNorm = maxNorm;
        this.bias = bias;
    }

    /** Declares W ({@code rows × fanIn}) and b ({@code rows × 1}, if any), scaled for {@code fanIn}, {@code fanOut}. */
    void declare(int rows, int fanIn, int fanOut) {
        w = new Parameter("W", rows, fanIn, initializer, fanIn, fanOut);
        b = bias ? new Parameter("b", rows, 1, Initializer.ZEROS, fanIn, fanOut) : null;
    }

    boolean declared() {
        return w != null;
    }

    Parameter w() {
        return w;
    }

    /** b, or null for a layer without bias. */
    Parameter b() {
        return b;
    }

    List<Parameter> parameters() {
        return b == null ? List.of(w) : List.of(w, b);
    }

    double penalty() {
        return regularizer.penalty(w.value());
    }

    /** dW += ∂Ω/∂W, after the data's gradient is in dW. */
    void addPenaltyGradient() {
        regularizer.addGradient(w.value(), w.grad());
    }

    void applyConstraints() {
        if (maxNorm > 0) {
            Ops.clipRowNorms(w.value(), maxNorm);
        }
    }

    Initializer initializer() {
        return initializer;
    }

    Regularizer regularizer() {
        return regularizer;
    }

    double maxNorm() {
        return maxNorm;
    }

    boolean hasBias() {
        return bias;
    }

    static void requireMaxNorm(double maxNorm) {
        if (!(maxNorm >= 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("a max-norm constraint must be finite and ≥ 0 (0 for none), got "
                    + maxNorm);
        }
    }
}
