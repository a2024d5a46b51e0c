package org.nn4j.losses;

import org.nn4j.activations.Activation;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * L = −(1/m) Σ_samples Σ_j y_j · log softmax(z)_j, computed as logsumexp(z) − z_y so that softmax([1000, 0])
 * costs nothing and no logarithm of zero is taken. With a softmax output, ∂l/∂Z = A − Y.
 */
final class CategoricalCrossEntropy extends CrossEntropy {
    CategoricalCrossEntropy() {
        super("categorical_crossentropy", Activation.SOFTMAX, "use binary_crossentropy with sigmoid, or mse");
    }

    @Override
    public void validate(Activation output, int units) {
        super.validate(output, units);
        if (units < 2) {
            throw new IllegalArgumentException("categorical_crossentropy needs at least 2 output units, got " + units
                    + " (for one sigmoid unit use binary_crossentropy)");
        }
    }

    @Override
    public double value(Tensor z, Tensor a, Tensor y, Tensor weights) {
        return Ops.softmaxCrossEntropy(z, y, weights) / z.cols();
    }

    @Override
    public void gradient(Tensor z, Tensor a, Tensor y, Tensor out) {
        Ops.axpby(1, a, -1, y, out);
    }
}
