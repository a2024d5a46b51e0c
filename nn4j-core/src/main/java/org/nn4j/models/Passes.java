package org.nn4j.models;

import static org.nn4j.layers.Equation.at;
import static org.nn4j.layers.Equation.shape;

import java.util.ArrayList;
import java.util.List;
import org.nn4j.layers.Equation;
import org.nn4j.layers.Layer;
import org.nn4j.losses.Loss;
import org.nn4j.tensor.Tensor;

/**
 * The forward and backward passes of a training step, written out as the equations the layers run, in the order
 * {@link Sequential#computeGradients(org.nn4j.tensor.Tensor, org.nn4j.tensor.Tensor)} runs them: every layer's
 * forward, the loss and its gradient, then every layer's backward from the last to the first. Each layer writes
 * its own equations ({@link Layer#forwardEquations}, {@link Layer#backwardEquations}), so the text follows the code.
 *
 * @param forward  one step per layer, first to last
 * @param loss     the loss value and the gradient it hands the output layer
 * @param backward one step per layer, last to first
 */
public record Passes(int m, List<Step> forward, List<Equation> loss, List<Step> backward) {
    /** The equations of layer {@code layer} (1-based), described as in the summary. */
    public record Step(int layer, String description, List<Equation> equations) {
        public Step {
            equations = List.copyOf(equations);
        }
    }

    public Passes {
        forward = List.copyOf(forward);
        loss = List.copyOf(loss);
        backward = List.copyOf(backward);
    }

    static Passes of(Sequential model, int m) {
        if (m <= 0) {
            throw new IllegalArgumentException("the batch size of an explanation must be positive, got " + m);
        }
        List<Layer> layers = model.layers();
        int last = layers.size();
        List<Step> forward = new ArrayList<>();
        for (int l = 1; l <= last; l++) {
            forward.add(new Step(l, layers.get(l - 1).describe(), layers.get(l - 1).forwardEquations(l, m)));
        }
        Loss loss = model.loss();
        int k = model.outputSize();
        Tensor gradientValue = model.head().gradient();
        boolean ran = gradientValue != null && gradientValue.cols() == m;
        String gradient = loss.gradientFormula().replaceAll("\\b(dZ|dA|A|Z)\\b", "$1[" + last + "]");
        List<Equation> lossSteps = List.of(
                new Equation("L = " + loss.name() + "(" + at(loss.fused() ? "Z" : "A", last) + ", Y)",
                        shape(k, m) + ", " + shape(k, m) + " → scalar", "the mean over the m samples", null),
                new Equation(gradient, shape(k, m) + " − " + shape(k, m) + " → " + shape(k, m),
                        loss.fused() ? "the loss is fused with the output activation: it gives ∂L/∂Z per sample"
                                : "∂L/∂A per sample; the output layer applies g′", ran ? gradientValue : null));
        List<Step> backward = new ArrayList<>();
        for (int l = last; l >= 1; l--) {
            Layer layer = layers.get(l - 1);
            boolean needInput = l > 1;
            List<Equation> steps = l == last ? model.head().layerEquations(l, m, needInput)
                    : layer.backwardEquations(l, m, needInput);
            backward.add(new Step(l, layer.describe(), steps));
        }
        return new Passes(m, forward, lossSteps, backward);
    }
}
