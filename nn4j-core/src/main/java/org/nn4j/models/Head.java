package org.nn4j.models;

import java.util.List;
import org.nn4j.activations.Activation;
import org.nn4j.layers.Equation;
import org.nn4j.layers.Layer;
import org.nn4j.losses.Loss;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * The end of a model: the activation its last layer ends in and the loss, paired explicitly when the model is
 * built (as Keras's {@code from_logits} is chosen, never guessed). Softmax with categorical cross-entropy and
 * sigmoid with binary cross-entropy are fused: the loss is computed from the logits Z by log-sum-exp and hands the
 * last layer dZ = A − Y, skipping g′; mean squared error hands it dA and the layer applies g′. Illegal pairings
 * (softmax with mean squared error, cross-entropy without its activation) are refused here, with the fix named.
 */
public final class Head {
    private final Layer layer;
    private final Loss loss;
    private final DType dtype;
    private Tensor gradient;

    /** Pairs {@code loss} with the activation {@code layer} ends in; throws if they do not go together. */
    Head(Layer layer, Loss loss, DType dtype) {
        loss.validate(layer.activation(), layer.outputSize());
        this.layer = layer;
        this.loss = loss;
        this.dtype = dtype;
    }

    /** The output activation g. */
    public Activation activation() {
        return layer.activation();
    }

    /** The loss. */
    public Loss loss() {
        return loss;
    }

    /** True if the loss and the activation are fused: the last layer receives dZ = ∂L/∂Z. */
    public boolean fused() {
        return loss.fused();
    }

    /** What a summary calls it, e.g. {@code softmax + categorical_crossentropy (fused)}. */
    public String describe() {
        return activation().name() + " + " + loss.name() + (fused() ? " (fused)" : "");
    }

    /** The mean loss of output {@code a} against targets y, with per-sample weights w (1 × m, or null). */
    double value(Tensor a, Tensor y, Tensor w) {
        return loss.value(logits(a), a, y, w);
    }

    /**
     * Backpropagates the loss of output {@code a} into the last layer: returns that layer's input gradient (null
     * if not {@code needInputGradient}).
     */
    Tensor backward(Tensor a, Tensor y, Tensor w, boolean needInputGradient) {
        gradient = Tensor.reuse(gradient, dtype, a.rows(), a.cols());
        loss.gradient(logits(a), a, y, gradient);
        if (w != null) {
            Ops.scaleColumns(gradient, w);
        }
        return fused() ? layer.backwardFromPreActivation(gradient, needInputGradient)
                : layer.backward(gradient, needInputGradient);
    }

    /** Z of the last layer, or A itself where it applies no activation. */
    private Tensor logits(Tensor a) {
        Tensor z = layer.preActivation();
        return z == null ? a : z;
    }

    /** The loss gradient of the last {@link #backward}, or null before the first. */
    Tensor gradient() {
        return gradient;
    }

    /** The last layer's backward equations as the head drives them: from dZ when fused, else from dA. */
    List<Equation> layerEquations(int l, int m, boolean needInputGradient) {
        return fused() ? layer.backwardFromPreActivationEquations(l, m, needInputGradient)
                : layer.backwardEquations(l, m, needInputGradient);
    }
}
