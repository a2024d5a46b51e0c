package org.nn4j.optimizers;

import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * AdamW (Loshchilov &amp; Hutter 2019, Algorithm 2): Adam with weight decay decoupled from the gradient, so the
 * decay is not divided by √v̂ as an L2 penalty's gradient would be. Each step first shrinks the weights,
 * p = p·(1 − lr·λ), then applies the {@link Adam} update. Following PyTorch, the decay is scaled by the current
 * learning rate, so a schedule scales both. Defaults: Adam's (lr = 1e−3, β1 = 0.9, β2 = 0.999, ε = 1e−8) and
 * λ = 0.01 as in PyTorch. The decay applies to every parameter the optimiser sees, biases included.
 */
public final class AdamW extends Optimizer {
    static final double DEFAULT_WEIGHT_DECAY = 0.01;
    private final Config config;

    public AdamW(Config config) {
        super(config.adam().learningRate());
        this.config = config;
    }

    @Override
    protected void update(Tensor p, Tensor g, long t) {
        Ops.scale(p, 1 - learningRate() * config.weightDecay());
        Adam.apply(p, g, slot("m", p), slot("v", p), learningRate(), config.adam(), t);
    }

    @Override
    public Config config() {
        Adam.Config a = config.adam();
        return new Config(new Adam.Config(learningRate(), a.beta1(), a.beta2(), a.epsilon()), config.weightDecay());
    }

    /**
     * AdamW settings: Adam's, and the decoupled weight decay λ ≥ 0.
     *
     * @param adam        the Adam settings the update uses
     * @param weightDecay λ: each step also subtracts lr · λ · θ, decoupled from the gradient (≥ 0)
     */
    public record Config(Adam.Config adam, double weightDecay) implements OptimizerConfig {
        public Config {
            if (adam == null) {
                throw new IllegalArgumentException("AdamW needs its Adam settings");
            }
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("AdamW weight decay must be finite and ≥ 0, got " + weightDecay);
            }
        }

        /** The paper's Adam defaults and PyTorch's decay 0.01, with the given learning rate. */
        public static Config defaults(double learningRate) {
            return new Config(Adam.Config.defaults(learningRate), DEFAULT_WEIGHT_DECAY);
        }

        @Override
        public double learningRate() {
            return adam.learningRate();
        }

        @Override
        public AdamW create() {
            return new AdamW(this);
        }
    }
}
