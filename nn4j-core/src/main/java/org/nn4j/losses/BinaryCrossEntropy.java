package org.nn4j.losses;

import org.nn4j.activations.Activation;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * L = −(1/(m·k)) Σ y·log σ(z) + (1 − y)·log(1 − σ(z)) over k sigmoid units and m samples, computed from the
 * logits as max(z, 0) − z·y + log(1 + e^−|z|), which stays finite for |z| = 1000 even where σ(z) rounds to 0 or
 * 1. With a sigmoid output, ∂l/∂Z = (A − Y) / k.
 */
final class BinaryCrossEntropy extends CrossEntropy {
    BinaryCrossEntropy() {
        super("binary_crossentropy", Activation.SIGMOID, "use categorical_crossentropy with softmax, or mse");
    }

    @Override
    public double value(Tensor z, Tensor a, Tensor y, Tensor weights) {
        return Ops.sigmoidCrossEntropy(z, y, weights) / z.size();
    }

    @Override
    public void gradient(Tensor z, Tensor a, Tensor y, Tensor out) {
        double k = z.rows();
        Ops.axpby(1 / k, a, -1 / k, y, out);
    }
}
