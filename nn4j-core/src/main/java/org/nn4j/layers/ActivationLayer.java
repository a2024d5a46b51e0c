package org.nn4j.layers;

import static org.nn4j.layers.Equation.at;
import static org.nn4j.layers.Equation.shape;

import java.util.List;
import org.nn4j.activations.Activation;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Shape;
import org.nn4j.tensor.Tensor;

/**
 * An activation as a layer of its own, A = g(Z) with Z the output of the layer before (Keras's {@code Activation},
 * PyTorch's {@code nn.ReLU} and kin): after a convolution, a pooling or a linear {@link Dense}. Element-wise
 * activations keep the input's shape; softmax mixes the values of each sample (a column). Backward:
 * dZ = dA ∘ g′(Z), or the softmax Jacobian-vector product. As the last layer it ends the model in g, and a loss
 * fused with g (softmax with categorical cross-entropy) hands it dZ, which it passes on unchanged.
 */
public final class ActivationLayer implements Layer {
    private final Activation activation;
    private Shape shape;
    private DType dtype;
    private Tensor input;
    private Tensor out;
    private Tensor dInput;

    /** The layer that applies {@code activation}. */
    public ActivationLayer(Activation activation) {
        if (activation == null) {
            throw new IllegalArgumentException("an activation layer needs an activation");
        }
        this.activation = activation;
    }

    @Override
    public Shape build(Shape input, DType dtype) {
        if (shape != null) {
            throw new IllegalStateException("this activation layer already belongs to a model");
        }
        this.shape = input;
        this.dtype = dtype;
        return input;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        if (x.rows() != shape.size()) {
            throw new IllegalArgumentException(describe() + " expects " + shape.size() + " input rows, got "
                    + x.shape());
        }
        input = x;
        out = Tensor.reuse(out, dtype, x.rows(), x.cols());
        activation.forward(x, out);
        return out;
    }

    @Override
    public Tensor backward(Tensor dA, boolean needInputGradient) {
        if (!needInputGradient) {
            return null;
        }
        dInput = Tensor.reuse(dInput, dtype, dA.rows(), dA.cols());
        activation.backward(input, out, dA, dInput);
        return dInput;
    }

    /** dZ handed down by a fused loss is already ∂L/∂(this layer's input). */
    @Override
    public Tensor backwardFromPreActivation(Tensor dZ, boolean needInputGradient) {
        return needInputGradient ? dZ : null;
    }

    @Override
    public Activation activation() {
        return activation;
    }

    @Override
    public Tensor preActivation() {
        return input;
    }

    @Override
    public double kinkDistance() {
        return kinkDistance(activation, input);
    }

    /** min |z| over z for an activation with a kink at 0 (the ReLU family), else +∞. */
    static double kinkDistance(Activation g, Tensor z) {
        double min = Double.POSITIVE_INFINITY;
        if (g.isSmooth() || z == null) {
            return min;
        }
        for (int i = 0; i < z.size(); i++) {
            min = Math.min(min, Math.abs(z.getFlat(i)));
        }
        return min;
    }

    @Override
    public List<Equation> forwardEquations(int l, int m) {
        boolean ran = out != null && out.cols() == m;
        int n = shape.size();
        return List.of(new Equation(at("A", l) + " = " + activation.name() + "(" + at("A", l - 1) + ")",
                shape(n, m) + " → " + shape(n, m), Activation.SOFTMAX.equals(activation)
                        ? "over the values of each column" : "element-wise", ran ? out : null));
    }

    @Override
    public List<Equation> backwardEquations(int l, int m, boolean needInputGradient) {
        boolean ran = dInput != null && dInput.cols() == m && needInputGradient;
        int n = shape.size();
        return List.of(new Equation(at("dA", l - 1) + " = " + at("dA", l) + " ∘ g′(" + at("A", l - 1) + ")",
                shape(n, m) + " ∘ " + shape(n, m) + " → " + shape(n, m), needInputGradient
                        ? "g′: " + activation.derivative() : "skipped: nothing below layer " + l + " needs it",
                ran ? dInput : null));
    }

    @Override
    public List<Equation> backwardFromPreActivationEquations(int l, int m, boolean needInputGradient) {
        int n = shape.size();
        return List.of(new Equation(at("dA", l - 1) + " = " + at("dZ", l), shape(n, m) + " → " + shape(n, m),
                "the loss is fused with " + activation.name() + ": dZ passes through", null));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public Shape inputShape() {
        return shape;
    }

    @Override
    public Shape outputShape() {
        return shape;
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.activation(this);
    }

    @Override
    public Config config() {
        return new Config(activation.name());
    }

    @Override
    public String describe() {
        return "Activation(" + activation.name() + ")";
    }

    /**
     * The settings of an activation layer.
     *
     * @param activation the activation's name, as {@link Activation#parse} reads it, e.g. {@code relu}
     */
    public record Config(String activation) implements LayerConfig {
        /** Checks the name. */
        public Config {
            Activation.parse(activation);
        }

        /** A fresh layer with this activation. */
        @Override
        public ActivationLayer create() {
            return new ActivationLayer(Activation.parse(activation));
        }
    }
}
