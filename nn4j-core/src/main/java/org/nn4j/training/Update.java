package org.nn4j.training;

import org.nn4j.models.Sequential;
import org.nn4j.optimizers.GradientClipping;
import org.nn4j.optimizers.Optimizer;

/**
 * What happens between a gradient and the next batch, written once for every trainer: the gradient left in the
 * model is clipped, the optimiser steps, and the layers' constraints (max-norm) are enforced.
 *
 * @param model     the model whose {@link Sequential#gradients()} hold the batch's mean gradient
 * @param optimizer the optimiser that steps its parameters
 * @param clipping  gradient clipping between backpropagation and the step
 */
public record Update(Sequential model, Optimizer optimizer, GradientClipping clipping) {
    /** Clips the model's gradient, steps, and enforces the constraints. */
    public void apply() {
        clipping.apply(model.gradients());
        optimizer.step(model.parameters(), model.gradients());
        model.applyConstraints();
    }
}
