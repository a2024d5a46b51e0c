package org.nn4j.optimizers;

import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * RMSprop (Tieleman &amp; Hinton 2012, Coursera lecture 6e): v = ρ·v + (1 − ρ)·g², p = p − lr·g / (√v + ε).
 * Defaults from the lecture: lr = 0.001, ρ = 0.9; ε = 1e−8 as in Adam (the lecture leaves it unstated).
 */
public final class RmsProp extends Optimizer {
    static final double DEFAULT_LEARNING_RATE = 1e-3;
    private final Config config;

    public RmsProp(Config config) {
        super(config.learningRate());
        this.config = config;
    }

    @Override
    protected void update(Tensor p, Tensor g, long t) {
        Ops.adaptiveStep(p, g, slot("v", p), learningRate(), config.rho(), 1 - config.rho(), config.epsilon());
    }

    @Override
    public Config config() {
        return new Config(learningRate(), config.rho(), config.epsilon());
    }

    /**
     * RMSprop settings: ρ in [0, 1), ε &gt; 0.
     *
     * @param learningRate the step size (&gt; 0)
     * @param rho          decay ρ of the squared-gradient average
     * @param epsilon      added to the root in the denominator
     */
    public record Config(double learningRate, double rho, double epsilon) implements OptimizerConfig {
        public Config {
            requireLearningRate(learningRate);
            if (!(rho >= 0 && rho < 1)) {
                throw new IllegalArgumentException("RMSprop rho must lie in [0, 1), got " + rho);
            }
            if (!(epsilon > 0)) {
                throw new IllegalArgumentException("RMSprop epsilon must be positive, got " + epsilon);
            }
        }

        /** The lecture's defaults with the given learning rate. */
        public static Config defaults(double learningRate) {
            return new Config(learningRate, 0.9, 1e-8);
        }

        @Override
        public RmsProp create() {
            return new RmsProp(this);
        }
    }
}
