package org.nn4j.optimizers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nn4j.tensor.Tensor;

/**
 * Updates parameters from their gradients. An optimiser sees only the model's flat parameter vector and the flat
 * gradient vector beside it, and owns whatever state its rule keeps (moments, velocities) as vectors of the same
 * size. This base class does the bookkeeping (step count, learning rate, state vectors, and their snapshot for
 * checkpoints); each subclass implements one {@link #update}, keeping its state in named {@link #slot}s so that
 * {@link #state()} and {@link #restore} cover it without further code.
 */
public abstract class Optimizer {
    private double learningRate;
    private long iterations;
    private final Map<String, Tensor> slots = new LinkedHashMap<>();

    protected Optimizer(double learningRate) {
        this.learningRate = requireLearningRate(learningRate);
    }

    static double requireLearningRate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + lr);
        }
        return lr;
    }

    /** Applies one update: {@code parameters} change in place. */
    public final void step(Tensor parameters, Tensor gradients) {
        if (!parameters.sameShape(gradients) || parameters.dtype() != gradients.dtype()) {
            throw new IllegalArgumentException("parameters " + parameters.shape() + " " + parameters.dtype()
                    + " and gradients " + gradients.shape() + " " + gradients.dtype() + " do not match");
        }
        iterations++;
        update(parameters, gradients, iterations);
    }

    /** The rule itself, for step number {@code t} (1 on the first call). */
    protected abstract void update(Tensor parameters, Tensor gradients, long t);

    /**
     * The state vector {@code name}, shaped like the parameters: zero-filled when first asked for (or restored by
     * {@link #restore}), then the same tensor on every step.
     */
    protected final Tensor slot(String name, Tensor like) {
        Tensor current = slots.get(name);
        if (current != null && current.sameShape(like) && current.dtype() == like.dtype()) {
            return current;
        }
        Tensor fresh = Tensor.zeros(like.dtype(), like.rows(), like.cols());
        slots.put(name, fresh);
        return fresh;
    }

    /** A copy of everything this optimiser has learned: steps, learning rate and state vectors. */
    public OptimizerState state() {
        Map<String, Tensor> copies = new LinkedHashMap<>();
        slots.forEach((name, t) -> copies.put(name, t.copy(t.dtype())));
        return new OptimizerState(getClass().getSimpleName(), iterations, learningRate, copies);
    }

    /**
     * Continues from a {@link #state()} taken of an optimiser of the same kind; the next step is then exactly the
     * step that one would have taken. The state is copied, not shared.
     */
    /**
     * As {@link #restore(OptimizerState)}, for a model whose flat parameters are {@code params}: refuses state
     * vectors of another shape, which {@code slot} would otherwise quietly replace with zeros.
     */
    public void restore(OptimizerState state, Tensor params) {
        state.slots().forEach((name, slot) -> {
            if (!slot.sameShape(params)) {
                throw new IllegalArgumentException("the optimiser state '" + name + "' is " + slot.shape()
                        + " but the model has " + params.shape() + " parameters");
            }
        });
        restore(state);
    }

    public void restore(OptimizerState state) {
        if (!state.kind().equals(getClass().getSimpleName())) {
            throw new IllegalArgumentException("the state of a " + state.kind() + " optimiser cannot restore a "
                    + getClass().getSimpleName());
        }
        iterations = state.iterations();
        learningRate = state.learningRate();
        slots.clear();
        state.slots().forEach((name, t) -> slots.put(name, t.copy(t.dtype())));
    }

    public double learningRate() {
        return learningRate;
    }

    /** Changes the learning rate for the following steps (learning-rate schedules). */
    public void setLearningRate(double learningRate) {
        this.learningRate = requireLearningRate(learningRate);
    }

    /** Steps taken so far. */
    public long iterations() {
        return iterations;
    }

    /** The settings this optimiser was made from (with its initial learning rate). */
    public abstract OptimizerConfig config();
}
