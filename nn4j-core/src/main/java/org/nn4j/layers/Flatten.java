package org.nn4j.layers;

import java.util.List;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Shape;
import org.nn4j.tensor.Tensor;

/**
 * Turns an image (C, H, W) into a vector of C·H·W features, in PyTorch's {@code nn.Flatten} order (channel by
 * channel, then row by row), so that a {@link Dense} layer can follow a convolution. In the feature-major layout an
 * image's rows are already in that order: the batch passes through untouched, forward and backward.
 */
public final class Flatten implements Layer {
    private Shape input;

    /** A flatten layer; it has no settings. */
    public Flatten() {
    }

    @Override
    public Shape build(Shape input, DType dtype) {
        if (this.input != null) {
            throw new IllegalStateException("this Flatten layer already belongs to a model");
        }
        this.input = input;
        return Shape.features(input.size());
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        if (x.rows() != input.size()) {
            throw new IllegalArgumentException("Flatten expects " + input.size() + " input rows, got " + x.shape());
        }
        return x;
    }

    @Override
    public Tensor backward(Tensor dA, boolean needInputGradient) {
        return needInputGradient ? dA : null;
    }

    @Override
    public List<Equation> forwardEquations(int l, int m) {
        return List.of(new Equation(Equation.at("A", l) + " = flatten(" + Equation.at("A", l - 1) + ")",
                input + "×m → " + Equation.shape(input.size(), m),
                "the same values: each column already lists its image channel by channel, row by row", null));
    }

    @Override
    public List<Equation> backwardEquations(int l, int m, boolean needInputGradient) {
        return needInputGradient ? List.of(new Equation(Equation.at("dA", l - 1) + " = " + Equation.at("dA", l),
                Equation.shape(input.size(), m) + " → " + input + "×m", "the same values", null)) : List.of();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public Shape inputShape() {
        return input;
    }

    @Override
    public Shape outputShape() {
        return Shape.features(input.size());
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.flatten(this);
    }

    @Override
    public Config config() {
        return new Config();
    }

    @Override
    public String describe() {
        return "Flatten";
    }

    /** A flatten layer has no settings. */
    public record Config() implements LayerConfig {
        /** A fresh layer. */
        @Override
        public Flatten create() {
            return new Flatten();
        }
    }
}
