package org.nn4j.training;

import java.util.List;
import java.util.Locale;
import org.nn4j.layers.Layer;
import org.nn4j.layers.Parameter;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * Finds where non-finite values first appear in a model: replays the forward pass of the batch whose loss broke
 * (the training noise has not advanced, so dropout masks are the same) and reports the first layer whose weights
 * or whose output hold NaN or ∞, with the largest weight it holds.
 */
final class Divergence {
    private Divergence() {
    }

    /** A phrase naming the first broken layer, e.g. {@code layer 2 Dense(relu): its output holds ∞ …}. */
    static String locate(Sequential model, Tensor x) {
        if (!finite(x)) {
            return "the input batch itself (it holds " + kind(x) + ")";
        }
        List<Layer> layers = model.layers();
        Tensor a = x;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            String name = "layer " + (i + 1) + " " + layer.describe();
            double largest = 0;
            for (Parameter p : layer.parameters()) {
                if (!finite(p.value())) {
                    return name + ": its " + p.name() + " holds " + kind(p.value());
                }
                largest = Math.max(largest, Ops.maxAbs(p.value()));
            }
            a = layer.forward(a, true);
            // a softmax turns a logit of −∞ into a finite probability 0, so look at Z as well as A
            Tensor z = layer.preActivation() != null ? layer.preActivation() : a;
            Tensor broken = !finite(z) ? z : !finite(a) ? a : null;
            if (broken != null) {
                return name + ": its " + (broken == z && z != a ? "pre-activation Z" : "output") + " holds "
                        + kind(broken) + " from finite inputs" + (layer.parameters().isEmpty() ? ""
                        : String.format(Locale.ROOT, " (largest |weight| %.3g)", largest));
            }
        }
        return "no layer (every output is finite; the loss overflowed)";
    }

    private static boolean finite(Tensor t) {
        return Double.isFinite(Ops.maxAbs(t));
    }

    private static String kind(Tensor t) {
        return Double.isNaN(Ops.maxAbs(t)) ? "NaN" : "∞";
    }
}
