package org.nn4j.optimizers;

import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * Adam (Kingma &amp; Ba 2015, Algorithm 1): m = β1·m + (1 − β1)·g, v = β2·v + (1 − β2)·g²,
 * p = p − lr·m̂ / (√v̂ + ε) with m̂ = m / (1 − β1ᵗ), v̂ = v / (1 − β2ᵗ). Defaults β1 = 0.9, β2 = 0.999,
 * ε = 1e−8, lr = 1e−3. One fused pass over the whole parameter vector.
 */
public final class Adam extends Optimizer {
    static final double DEFAULT_LEARNING_RATE = 1e-3;
    private final Config config;

    public Adam(double learningRate) {
        this(Config.defaults(learningRate));
    }

    public Adam(Config config) {
        super(config.learningRate());
        this.config = config;
    }

    @Override
    protected void update(Tensor p, Tensor g, long t) {
        apply(p, g, slot("m", p), slot("v", p), learningRate(), config, t);
    }

    /** Adam's step number {@code t} with moments m and v: shared with {@link AdamW}, which owns its own moments. */
    static void apply(Tensor p, Tensor g, Tensor m, Tensor v, double lr, Config config, long t) {
        double c1 = 1 - Math.pow(config.beta1(), t);
        double c2 = 1 - Math.pow(config.beta2(), t);
        Ops.adam(p, g, m, v, lr, config.beta1(), config.beta2(), config.epsilon(), c1, c2);
    }

    @Override
    public Config config() {
        return new Config(learningRate(), config.beta1(), config.beta2(), config.epsilon());
    }

    /**
     * Adam settings; β1, β2 in [0, 1), ε &gt; 0.
     *
     * @param learningRate the step size α (&gt; 0)
     * @param beta1        decay of the first-moment average, in [0, 1)
     * @param beta2        decay of the second-moment average, in [0, 1)
     * @param epsilon      added to √v̂ in the denominator (&gt; 0)
     */
    public record Config(double learningRate, double beta1, double beta2, double epsilon) implements OptimizerConfig {
        public Config {
            requireLearningRate(learningRate);
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("Adam betas must lie in [0, 1), got beta1=" + beta1
                        + ", beta2=" + beta2);
            }
            if (!(epsilon > 0)) {
                throw new IllegalArgumentException("Adam epsilon must be positive, got " + epsilon);
            }
        }

        /** The paper's defaults with the given learning rate. */
        public static Config defaults(double learningRate) {
            return new Config(learningRate, 0.9, 0.999, 1e-8);
        }

        @Override
        public Adam create() {
            return new Adam(this);
        }
    }
}
