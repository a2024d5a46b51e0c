package org.nn4j.losses;

import java.util.Locale;
import org.nn4j.activations.Activation;
import org.nn4j.tensor.Tensor;

/**
 * A loss averaged over the batch, computed from the output layer's pre-activation Z and activation A = g(Z)
 * against targets Y (all {@code units × m}; Y is one-hot for categorical cross-entropy).
 *
 * <p>Cross-entropies are fused with their activation, as Keras does with {@code from_logits}: the value is
 * computed from Z by log-sum-exp (never log(0), no overflow), and the gradient is the theory's
 * dZ = A − Y. Mean squared error is not fused: it hands back dA and the layer applies g′.
 */
public interface Loss {
    Loss BINARY_CROSSENTROPY = new BinaryCrossEntropy();
    Loss CATEGORICAL_CROSSENTROPY = new CategoricalCrossEntropy();
    Loss MEAN_SQUARED_ERROR = new MeanSquaredError();

    /** Reads {@code binary_crossentropy} (bce), {@code categorical_crossentropy} (cce), {@code mse}. */
    static Loss parse(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "binary_crossentropy": case "bce": return BINARY_CROSSENTROPY;
            case "categorical_crossentropy": case "cce": case "crossentropy": return CATEGORICAL_CROSSENTROPY;
            case "mean_squared_error": case "mse": return MEAN_SQUARED_ERROR;
            default:
                throw new IllegalArgumentException("unknown loss '" + name
                        + "' (expected binary_crossentropy, categorical_crossentropy or mse)");
        }
    }

    /** The name {@link #parse} reads back. */
    String name();

    /** Rejects output layers this loss cannot be paired with, e.g. softmax with mean squared error. */
    void validate(Activation output, int units);

    /** True for classification losses: targets are class labels and accuracy is meaningful. */
    boolean classifies();

    /** The mean loss over the batch. */
    default double value(Tensor z, Tensor a, Tensor y) {
        return value(z, a, y, null);
    }

    /**
     * The batch mean of each sample's loss times its weight ({@code weights} is 1 × m, or null for 1): class
     * weights as Keras applies them, dividing by the batch size rather than by the sum of the weights, so that
     * each sample's gradient is simply its unweighted gradient times its weight.
     */
    double value(Tensor z, Tensor a, Tensor y, Tensor weights);

    /** True if {@link #gradient} gives ∂l/∂Z (fused with the activation), false if it gives ∂l/∂A. */
    boolean fused();

    /** Writes the per-sample gradient (not divided by m): ∂l/∂Z when {@link #fused()}, else ∂l/∂A. */
    void gradient(Tensor z, Tensor a, Tensor y, Tensor out);

    /** The gradient as a formula, for explanations, e.g. {@code dZ = A − Y}. */
    String gradientFormula();
}
