package org.nn4j.optimizers;

import java.util.List;
import org.nn4j.tensor.Tensor;

/**
 * Updates parameters from their gradients. An optimiser sees only the model's flat parameter vector and the flat
 * gradient vector beside it, and owns whatever state its rule keeps (moments, velocities) as vectors of the same
 * size. This base class does the bookkeeping (step count, learning rate, state allocation); each subclass
 * implements one {@link #update}.
 */
public abstract class Optimizer {
    private double learningRate;
    private long iterations;

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
     * The state the rule keeps between steps (Adam: m and v; SGD with momentum: the velocity; plain SGD: none),
     * as live vectors shaped like {@code parameters}, zero before the first step. Writing them changes the state:
     * data-parallel training averages them across replicas and checkpoints restore them.
     */
    public abstract List<Tensor> state(Tensor parameters);

    /** A zero-filled state vector shaped like the parameters; {@code current} when it already fits. */
    protected static Tensor state(Tensor current, Tensor like) {
        if (current != null && current.sameShape(like) && current.dtype() == like.dtype()) {
            return current;
        }
        return Tensor.zeros(like.dtype(), like.rows(), like.cols());
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

    /** Sets the number of steps taken, with {@link #state}, to continue a run from a checkpoint or from replicas. */
    public void setIterations(long iterations) {
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be non-negative, got " + iterations);
        }
        this.iterations = iterations;
    }

    /** The settings this optimiser was made from (with its initial learning rate). */
    public abstract OptimizerConfig config();
}
