package org.nn4j.layers;

import java.util.List;
import org.nn4j.activations.Activation;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Noise;
import org.nn4j.tensor.Shape;
import org.nn4j.tensor.Tensor;

/**
 * One stage of a feed-forward network, working on whole batches in feature-major layout: the input is
 * {@code inputSize × m} (column j is sample j), the output {@code outputSize × m}. What a column holds is the
 * layer's input {@link Shape}: a vector of features, or an image (C, H, W) flattened channel by channel.
 *
 * <p>Life cycle, as in Keras: constructed from its settings (validated there); {@link #build} once by the model,
 * which hands it the shape of one input sample and receives the shape of one output sample, and where the layer
 * declares its parameters (the model then gives them storage); then {@link #forward} and {@link #backward} per
 * batch; {@link #config} gives the settings back for model files. A layer keeps its own workspaces and the
 * activations the backward pass needs, so it serves one training or inference stream at a time.
 */
public interface Layer {
    /**
     * Fixes the input shape and declares parameters; returns the output shape. Throws naming the layer when it
     * cannot take {@code input} (a convolution after a flat vector, a window larger than the image).
     */
    Shape build(Shape input, DType dtype);

    /** The shape of one input sample, fixed by {@link #build}. */
    Shape inputShape();

    /** The shape of one output sample, fixed by {@link #build}. */
    Shape outputShape();

    /** The number of values of one input sample: the rows of {@link #forward}'s input. */
    default int inputSize() {
        return inputShape().size();
    }

    /** The number of values of one output sample: the rows of {@link #forward}'s output. */
    default int outputSize() {
        return outputShape().size();
    }

    /** The parameters declared by {@link #build}, in a fixed order. */
    List<Parameter> parameters();

    /** Non-trainable state declared by {@link #build} (running statistics), saved with the weights; none by default. */
    default List<Parameter> state() {
        return List.of();
    }

    /**
     * Hands the layer the model's training noise and its own stream number; layers that draw random numbers in
     * training (dropout) keep them, others ignore them.
     */
    default void attachNoise(Noise noise, int stream) {
    }

    /** The regularisation penalty this layer adds to the loss (its gradient is added in {@link #backward}). */
    default double penalty() {
        return 0;
    }

    /** Projects the parameters back onto their constraints (max-norm) after an optimiser step. */
    default void applyConstraints() {
    }

    /**
     * The output for input {@code x} ({@code inputSize × m}); valid until the next call. {@code training} selects
     * training behaviour: dropout masks, batch statistics.
     */
    Tensor forward(Tensor x, boolean training);

    /** Throws naming this layer if {@code x} does not have {@link #inputSize()} rows, as a forward pass needs. */
    default void requireInput(Tensor x) {
        if (x.rows() != inputSize()) {
            throw new IllegalArgumentException(describe() + " expects " + inputSize() + " input rows, got "
                    + x.shape());
        }
    }

    /**
     * Backpropagates {@code dA} = ∂L/∂output (per sample, as the theory writes it: not yet divided by m): fills the
     * parameters' gradients (averaged over the batch) and, if {@code needInputGradient}, returns ∂L/∂input per
     * sample; otherwise returns null.
     */
    Tensor backward(Tensor dA, boolean needInputGradient);

    /**
     * The activation g this layer's output ends in, A = g(Z): the model's head pairs the loss with it (softmax
     * with categorical cross-entropy, sigmoid with binary cross-entropy) and gradient checks keep Z away from its
     * kinks. Linear for layers that apply none.
     */
    default Activation activation() {
        return Activation.LINEAR;
    }

    /** Z of the last forward pass, the input of {@link #activation()}; null for layers that apply none. */
    default Tensor preActivation() {
        return null;
    }

    /**
     * The backward pass from dZ = ∂L/∂Z (per sample), skipping the activation: what a head whose loss is fused
     * with the activation calls. Only layers that end in an activation support it.
     */
    default Tensor backwardFromPreActivation(Tensor dZ, boolean needInputGradient) {
        throw new UnsupportedOperationException(describe() + " ends in no activation for a loss to fuse with");
    }

    /** What {@link #backwardFromPreActivation} computes, as {@link #backwardEquations} does for {@link #backward}. */
    default List<Equation> backwardFromPreActivationEquations(int l, int m, boolean needInputGradient) {
        throw new UnsupportedOperationException(describe() + " ends in no activation for a loss to fuse with");
    }

    /**
     * How close the last training-mode forward pass came to a point where this layer's output is not
     * differentiable (a ReLU's 0, a tie for a pooling window's maximum); +∞ for smooth layers. A finite-difference
     * check needs every step to stay on one side of such points.
     */
    default double kinkDistance() {
        return Double.POSITIVE_INFINITY;
    }

    /**
     * True if {@link #forwardSamples} can read a sample-major batch ({@code m × inputSize}, one sample per row, as
     * data sets store them) where it lies, saving the copy into columns.
     */
    default boolean readsSamples() {
        return false;
    }

    /** {@link #forward} of a sample-major batch; only where {@link #readsSamples()}. */
    default Tensor forwardSamples(Tensor samples, boolean training) {
        throw new UnsupportedOperationException(describe() + " reads feature-major batches only");
    }

    /**
     * True if {@link #predictSamples} can take a sample-major batch and give its output sample-major as well
     * ({@code m × outputSize}), so that inference through a stack of such layers never turns the batch into columns.
     */
    default boolean keepsSamples() {
        return false;
    }

    /**
     * Inference ({@link #forward} with {@code training} false) of a sample-major batch ({@code m × inputSize}), the
     * output sample-major too ({@code m × outputSize}); valid until the next call. It leaves what the last
     * {@link #forward} kept for {@link #backward} as it was. Only where {@link #keepsSamples()}.
     */
    default Tensor predictSamples(Tensor samples) {
        throw new UnsupportedOperationException(describe() + " gives feature-major outputs only");
    }

    /** Calls {@code visitor}'s method for this layer's kind; layers written outside nn4j get {@link LayerVisitor#other}. */
    default <R> R accept(LayerVisitor<R> visitor) {
        return visitor.other(this);
    }

    /** The settings this layer was constructed from, for model files. */
    LayerConfig config();

    /** A short description for summaries, e.g. {@code Dense(relu)} or {@code Conv2D(6, 5×5, same)}. */
    String describe();

    /**
     * What {@link #forward} computes, as the equations it runs in order, for layer number {@code l} (A[l−1] in,
     * A[l] out) and a batch of {@code m}. Each equation's value is the tensor of the last pass, if one ran.
     * Layers override this to write out their own algebra; the default names the layer only.
     */
    default List<Equation> forwardEquations(int l, int m) {
        return List.of(new Equation(Equation.at("A", l) + " = " + describe() + "(" + Equation.at("A", l - 1) + ")",
                Equation.shape(inputSize(), m) + " → " + Equation.shape(outputSize(), m), "", null));
    }

    /**
     * What {@link #backward} computes from dA[l], in order; {@code needInputGradient} as {@link #backward} gets it
     * (false: dA[l−1] is not computed). The default names the layer only.
     */
    default List<Equation> backwardEquations(int l, int m, boolean needInputGradient) {
        return needInputGradient
                ? List.of(new Equation(Equation.at("dA", l - 1) + " = ∂" + describe() + "ᵀ·" + Equation.at("dA", l),
                        Equation.shape(outputSize(), m) + " → " + Equation.shape(inputSize(), m), "", null))
                : List.of();
    }
}
