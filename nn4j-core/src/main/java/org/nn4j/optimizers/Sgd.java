package org.nn4j.optimizers;

import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * Stochastic gradient descent, optionally with momentum in PyTorch's form (Sutskever et al. 2013):
 * v = μ·v + g, then p = p − lr·v (classical, heavy-ball momentum, Polyak 1964) or p = p − lr·(g + μ·v)
 * (Nesterov's accelerated gradient, as Sutskever et al. rewrite it for the gradient at the current point).
 * With μ = 0 this is p = p − lr·g. Defaults: lr = 0.01, μ = 0.9 for the momentum variants.
 */
public final class Sgd extends Optimizer {
    static final double DEFAULT_LEARNING_RATE = 0.01;
    static final double DEFAULT_MOMENTUM = 0.9;
    private final double momentum;
    private final boolean nesterov;

    public Sgd(double learningRate) {
        this(learningRate, 0);
    }

    public Sgd(double learningRate, double momentum) {
        this(new Config(learningRate, momentum, false));
    }

    public Sgd(Config config) {
        super(config.learningRate());
        this.momentum = config.momentum();
        this.nesterov = config.nesterov();
    }

    @Override
    protected void update(Tensor p, Tensor g, long t) {
        if (momentum == 0) {
            Ops.axpby(-learningRate(), g, 1, p, p);
            return;
        }
        Tensor velocity = slot("velocity", p);
        Ops.axpby(momentum, velocity, 1, g, velocity);
        if (nesterov) {
            Ops.axpby(-learningRate(), g, 1, p, p);
            Ops.axpby(-learningRate() * momentum, velocity, 1, p, p);
        } else {
            Ops.axpby(-learningRate(), velocity, 1, p, p);
        }
    }

    @Override
    public Config config() {
        return new Config(learningRate(), momentum, nesterov);
    }

    /**
     * SGD settings: {@code momentum} in [0, 1), 0 for plain SGD; {@code nesterov} needs a momentum.
     *
     * @param learningRate the step size (&gt; 0)
     * @param momentum     the velocity's decay μ in [0, 1), 0 for plain SGD
     * @param nesterov     whether to look ahead along the velocity (Sutskever et al. 2013)
     */
    public record Config(double learningRate, double momentum, boolean nesterov) implements OptimizerConfig {
        public Config {
            requireLearningRate(learningRate);
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("momentum must lie in [0, 1), got " + momentum);
            }
            if (nesterov && momentum == 0) {
                throw new IllegalArgumentException("Nesterov momentum needs a momentum above 0");
            }
        }

        /** Plain SGD (momentum 0) or classical momentum. */
        public Config(double learningRate, double momentum) {
            this(learningRate, momentum, false);
        }

        @Override
        public Sgd create() {
            return new Sgd(this);
        }
    }
}
