package org.nn4j.layers;

import java.util.List;

/**
 * What the layers with {@link Weights} share (dense and convolutional layers): their parameters are W and b, their
 * penalty is W's, and their constraint is W's max-norm.
 */
abstract class WeightedLayer implements Layer {
    /** W, b and how they start, are penalised and are constrained. */
    final Weights weights;

    WeightedLayer(Weights weights) {
        this.weights = weights;
    }

    @Override
    public final List<Parameter> parameters() {
        if (!weights.declared()) {
            throw new IllegalStateException(describe() + " is not built yet: add it to a model");
        }
        return weights.parameters();
    }

    @Override
    public final double penalty() {
        return weights.penalty();
    }

    @Override
    public final void applyConstraints() {
        weights.applyConstraints();
    }
}
