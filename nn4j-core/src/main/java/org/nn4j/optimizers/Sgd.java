package org.nn4j.optimizers;

import java.util.List;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * Stochastic gradient descent, optionally with (heavy-ball) momentum in PyTorch's form
 * (Sutskever et al. 2013): v = μ·v + g, p = p − lr·v. With μ = 0 this is p = p − lr·g.
 */
public final class Sgd extends Optimizer {
    static final double DEFAULT_LEARNING_RATE = 0.01;
    static final double DEFAULT_MOMENTUM = 0.9;
    private final double momentum;
    private Tensor velocity;

    public Sgd(double learningRate) {
        this(learningRate, 0);
    }

    public Sgd(double learningRate, double momentum) {
        super(learningRate);
        this.momentum = new Config(learningRate, momentum).momentum();
    }

    @Override
    protected void update(Tensor p, Tensor g, long t) {
        if (momentum == 0) {
            Ops.axpby(-learningRate(), g, 1, p, p);
            return;
        }
        velocity = state(velocity, p);
        Ops.axpby(momentum, velocity, 1, g, velocity);
        Ops.axpby(-learningRate(), velocity, 1, p, p);
    }

    @Override
    public List<Tensor> state(Tensor parameters) {
        if (momentum == 0) {
            return List.of();
        }
        velocity = state(velocity, parameters);
        return List.of(velocity);
    }

    @Override
    public Config config() {
        return new Config(learningRate(), momentum);
    }

    /** SGD settings: {@code momentum} in [0, 1), 0 for plain SGD. */
    public record Config(double learningRate, double momentum) implements OptimizerConfig {
        public Config {
            requireLearningRate(learningRate);
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("momentum must lie in [0, 1), got " + momentum);
            }
        }

        @Override
        public Sgd create() {
            return new Sgd(learningRate, momentum);
        }
    }
}
