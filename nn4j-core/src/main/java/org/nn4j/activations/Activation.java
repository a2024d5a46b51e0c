package org.nn4j.activations;

import java.util.Locale;
import org.nn4j.initializers.Initializer;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * An activation g applied to a layer's pre-activation Z (units × m), with its exact backward pass.
 *
 * <p>Element-wise activations compute dZ = dA ∘ g′(Z); softmax, which mixes the units of a sample, computes the
 * Jacobian-vector product instead. Each activation names the initialiser that keeps signal variance stable
 * through it (He for the ReLU family, Glorot otherwise).
 */
public interface Activation {
    Activation SIGMOID = new Sigmoid();
    Activation RELU = new LeakyRelu(0);
    Activation TANH = new Tanh();
    Activation LINEAR = new Linear();
    Activation SOFTMAX = new Softmax();

    /** Leaky ReLU with slope {@code alpha} for negative inputs. */
    static Activation leakyRelu(double alpha) {
        return new LeakyRelu(alpha);
    }

    /** Leaky ReLU with the default slope, 0.01 (as in PyTorch). */
    static Activation leakyRelu() {
        return new LeakyRelu(LeakyRelu.DEFAULT_ALPHA);
    }

    /**
     * Parses the names used in configurations and on the command line: {@code sigmoid, relu, tanh, linear,
     * softmax, leaky_relu} and {@code leaky_relu:ALPHA}.
     */
    static Activation parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("leaky_relu:")) {
            String alpha = s.substring("leaky_relu:".length());
            try {
                return leakyRelu(Double.parseDouble(alpha));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("leaky_relu slope '" + alpha + "' is not a number", e);
            }
        }
        switch (s) {
            case "sigmoid": return SIGMOID;
            case "relu": return RELU;
            case "tanh": return TANH;
            case "linear": case "identity": case "none": return LINEAR;
            case "softmax": return SOFTMAX;
            case "leaky_relu": case "leakyrelu": return leakyRelu();
            default:
                throw new IllegalArgumentException("unknown activation '" + spec
                        + "' (expected sigmoid, relu, leaky_relu[:alpha], tanh, softmax or linear)");
        }
    }

    /** The name {@link #parse} reads back, e.g. {@code relu} or {@code leaky_relu:0.2}. */
    String name();

    /** a = g(z). */
    void forward(Tensor z, Tensor a);

    /**
     * z += b (b added to every column), then a = g(z): a dense layer's bias and activation. Activations with a
     * fused kernel override it to make one pass over z instead of two.
     */
    default void forward(Tensor z, Tensor b, Tensor a) {
        Ops.addColumnVector(z, b);
        forward(z, a);
    }

    /**
     * True if {@link #forwardRows} computes this activation on a sample-major batch (one sample per row, as
     * inference reads a batch): each built-in one does. False by default, so that an activation written elsewhere,
     * which may mix the units of a sample as softmax does, only ever sees the layout it was written for.
     */
    default boolean computesRows() {
        return false;
    }

    /**
     * {@link #forward(Tensor, Tensor)} of a sample-major batch: a = g(z) for z of m × units, sample by sample. Only
     * where {@link #computesRows()}.
     */
    default void forwardRows(Tensor z, Tensor a) {
        throw new UnsupportedOperationException(name() + " has no sample-major form");
    }

    /** dZ = ∂L/∂Z given dA = ∂L/∂A, with z and a = g(z) from the forward pass. */
    void backward(Tensor z, Tensor a, Tensor dA, Tensor dZ);

    /** The derivative as a formula, for explanations, e.g. {@code g′(z) = 1[z > 0]}. */
    String derivative();

    /** The initialiser suited to this activation. */
    Initializer defaultInitializer();

    /** False where g′ has kinks (ReLU at 0), which a finite-difference check must keep away from. */
    default boolean isSmooth() {
        return true;
    }
}
