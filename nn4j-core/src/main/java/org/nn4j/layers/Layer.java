package org.nn4j.layers;

import java.util.List;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Noise;
import org.nn4j.tensor.Tensor;

/**
 * One stage of a feed-forward network, working on whole batches in feature-major layout: the input is
 * {@code inputSize × m} (column j is sample j), the output {@code outputSize × m}.
 *
 * <p>Life cycle: constructed from its settings; {@link #build} once by the model, which learns the input width
 * and declares the parameters (the model then gives them storage); then {@link #forward} and {@link #backward}
 * per batch. A layer keeps its own workspaces and the activations the backward pass needs, so it serves one
 * training or inference stream at a time.
 */
public interface Layer {
    /** Fixes the input width and declares parameters; returns the output width. */
    int build(int inputSize, DType dtype);

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

    int inputSize();

    int outputSize();

    /**
     * The output for input {@code x} ({@code inputSize × m}); valid until the next call. {@code training} selects
     * training behaviour: dropout masks, batch statistics.
     */
    Tensor forward(Tensor x, boolean training);

    /**
     * Backpropagates {@code dA} = ∂L/∂output (per sample, as the theory writes it: not yet divided by m): fills the
     * parameters' gradients (averaged over the batch) and, if {@code needInputGradient}, returns ∂L/∂input per
     * sample; otherwise returns null.
     */
    Tensor backward(Tensor dA, boolean needInputGradient);

    /** The settings this layer was constructed from, for model files. */
    LayerConfig config();

    /** A short description for summaries, e.g. {@code Dense(relu)}. */
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
