package org.nn4j.losses;

import org.nn4j.activations.Activation;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/** L = (1/(m·k)) Σ (a − y)² over k outputs and m samples; ∂l/∂A = 2(A − Y) / k per sample. */
final class MeanSquaredError implements Loss {
    @Override
    public String name() {
        return "mse";
    }

    @Override
    public void validate(Activation output, int units) {
        if (Activation.SOFTMAX.equals(output)) {
            throw new IllegalArgumentException("mse cannot follow a softmax output: its gradient through softmax "
                    + "vanishes as classes saturate; use categorical_crossentropy");
        }
    }

    @Override
    public boolean classifies() {
        return false;
    }

    @Override
    public double value(Tensor z, Tensor a, Tensor y, Tensor weights) {
        return Ops.squaredError(a, y, weights) / a.size();
    }

    @Override
    public boolean fused() {
        return false;
    }

    @Override
    public void gradient(Tensor z, Tensor a, Tensor y, Tensor out) {
        double k = a.rows();
        Ops.axpby(2 / k, a, -2 / k, y, out);
    }

    @Override
    public String gradientFormula() {
        return "dA = 2·(A − Y) / k";
    }

    @Override
    public String toString() {
        return name();
    }
}
