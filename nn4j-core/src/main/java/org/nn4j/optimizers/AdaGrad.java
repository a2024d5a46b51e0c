package org.nn4j.optimizers;

import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * AdaGrad (Duchi, Hazan &amp; Singer 2011): each coordinate's rate shrinks with its accumulated squared gradients,
 * G = G + g², p = p − lr·g / (√G + ε), with G starting at 0. Defaults as in PyTorch: lr = 0.01, ε = 1e−10.
 */
public final class AdaGrad extends Optimizer {
    static final double DEFAULT_LEARNING_RATE = 0.01;
    private final double epsilon;

    public AdaGrad(Config config) {
        super(config.learningRate());
        this.epsilon = config.epsilon();
    }

    @Override
    protected void update(Tensor p, Tensor g, long t) {
        Ops.adaptiveStep(p, g, slot("accumulator", p), learningRate(), 1, 1, epsilon);
    }

    @Override
    public Config config() {
        return new Config(learningRate(), epsilon);
    }

    /**
     * AdaGrad settings: ε &gt; 0.
     *
     * @param learningRate the step size (&gt; 0)
     * @param epsilon      added to the root of the summed squares (&gt; 0)
     */
    public record Config(double learningRate, double epsilon) implements OptimizerConfig {
        public Config {
            requireLearningRate(learningRate);
            if (!(epsilon > 0)) {
                throw new IllegalArgumentException("AdaGrad epsilon must be positive, got " + epsilon);
            }
        }

        /** PyTorch's defaults with the given learning rate. */
        public static Config defaults(double learningRate) {
            return new Config(learningRate, 1e-10);
        }

        @Override
        public AdaGrad create() {
            return new AdaGrad(this);
        }
    }
}
