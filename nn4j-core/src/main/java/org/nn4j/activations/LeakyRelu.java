package org.nn4j.activations;

import org.nn4j.initializers.Initializer;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * LeakyReLU(z) = z for z &gt; 0, α·z otherwise (Maas et al. 2013); derivative 1 or α (α is taken at z = 0).
 * With α = 0 it is the ReLU, max(0, z) (Nair &amp; Hinton 2010).
 */
final class LeakyRelu extends ElementwiseActivation {
    static final double DEFAULT_ALPHA = 0.01;
    private final double alpha;

    LeakyRelu(double alpha) {
        if (!(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("leaky_relu slope must lie in [0, 1), got " + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    double value(double z) {
        // + 0.0 turns α·z = −0.0 (α = 0, z < 0) into +0.0, as max(0, z) gives
        return z > 0 ? z : alpha * z + 0.0;
    }

    @Override
    double slope(double z, double a) {
        return z > 0 ? 1 : alpha;
    }

    /** A kernel of its own rather than a function per element (an activation layer's forward pass). */
    @Override
    public void forward(Tensor z, Tensor a) {
        Ops.leakyRelu(z, alpha, a);
    }

    /** The fused kernel: bias and activation in one pass. */
    @Override
    public void forward(Tensor z, Tensor b, Tensor a) {
        Ops.addBiasLeakyRelu(z, b, alpha, a);
    }

    /** The same derivative as {@link #slope}, as a kernel of its own rather than a function per element. */
    @Override
    public void backward(Tensor z, Tensor a, Tensor dA, Tensor dZ) {
        Ops.leakyReluBackward(z, dA, alpha, dZ);
    }

    @Override
    public String name() {
        return alpha == 0 ? "relu" : alpha == DEFAULT_ALPHA ? "leaky_relu" : "leaky_relu:" + alpha;
    }

    @Override
    public String derivative() {
        return alpha == 0 ? "relu′(z) = 1[z > 0]" : "leaky_relu′(z) = 1 if z > 0, else " + alpha;
    }

    @Override
    public Initializer defaultInitializer() {
        return Initializer.HE_NORMAL;
    }

    @Override
    public boolean isSmooth() {
        return false;
    }
}
