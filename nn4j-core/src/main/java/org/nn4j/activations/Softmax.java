package org.nn4j.activations;

import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * softmax(z)_j = e^{z_j} / Σ_k e^{z_k} over the units of each sample (each column), computed after subtracting the
 * column maximum. Its Jacobian is J = diag(a) − a·aᵀ, so the backward pass is dZ = a ∘ (dA − aᵀ·dA): exact for
 * any upstream gradient, not only the one from cross-entropy (which fuses to dZ = A − Y).
 */
final class Softmax extends NamedActivation {
    @Override
    public void forward(Tensor z, Tensor a) {
        Ops.softmaxColumns(z, a);
    }

    @Override
    public boolean computesRows() {
        return true;
    }

    @Override
    public void forwardRows(Tensor z, Tensor a) {
        Ops.softmaxRows(z, a);
    }

    @Override
    public void backward(Tensor z, Tensor a, Tensor dA, Tensor dZ) {
        Ops.softmaxBackward(a, dA, dZ);
    }

    @Override
    public String name() {
        return "softmax";
    }

    @Override
    public String derivative() {
        return "∂a/∂z = diag(a) − a·aᵀ, so dZ = a ∘ (dA − aᵀ·dA)";
    }
}
