package org.nn4j.initializers;

import java.util.Locale;
import java.util.random.RandomGenerator;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * How a weight matrix starts. Scales follow the fan-in / fan-out of the layer so that activations and gradients
 * keep their variance from layer to layer.
 */
public enum Initializer {
    /** N(0, 2 / fan_in): He et al. 2015, for the ReLU family. */
    HE_NORMAL {
        @Override
        public void initialize(Tensor w, int fanIn, int fanOut, RandomGenerator rng) {
            double std = Math.sqrt(2.0 / fanIn);
            Ops.fill(w, () -> std * rng.nextGaussian());
        }
    },
    /** U(−√(6 / fan_in), √(6 / fan_in)): He et al. 2015, uniform variant. */
    HE_UNIFORM {
        @Override
        public void initialize(Tensor w, int fanIn, int fanOut, RandomGenerator rng) {
            uniform(w, Math.sqrt(6.0 / fanIn), rng);
        }
    },
    /** U(−√(6 / (fan_in + fan_out)), +…): Glorot &amp; Bengio 2010, for sigmoid, tanh, softmax and linear. */
    GLOROT_UNIFORM {
        @Override
        public void initialize(Tensor w, int fanIn, int fanOut, RandomGenerator rng) {
            uniform(w, Math.sqrt(6.0 / (fanIn + fanOut)), rng);
        }
    },
    /** N(0, 2 / (fan_in + fan_out)): Glorot &amp; Bengio 2010, normal variant. */
    GLOROT_NORMAL {
        @Override
        public void initialize(Tensor w, int fanIn, int fanOut, RandomGenerator rng) {
            double std = Math.sqrt(2.0 / (fanIn + fanOut));
            Ops.fill(w, () -> std * rng.nextGaussian());
        }
    },
    /** All ones: batch normalisation's scale γ and running variance. */
    ONES {
        @Override
        public void initialize(Tensor w, int fanIn, int fanOut, RandomGenerator rng) {
            Ops.fill(w, 1.0);
        }
    },
    /** All zeros: biases. */
    ZEROS {
        @Override
        public void initialize(Tensor w, int fanIn, int fanOut, RandomGenerator rng) {
            Ops.fill(w, 0.0);
        }
    };

    /** Fills {@code w} (fan_out × fan_in) with initial values drawn from {@code rng}. */
    public abstract void initialize(Tensor w, int fanIn, int fanOut, RandomGenerator rng);

    /** The configuration name, e.g. {@code he_normal}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code he_normal}, {@code he_uniform}, {@code glorot_uniform}, {@code glorot_normal}, {@code ones}, {@code zeros}. */
    public static Initializer parse(String id) {
        for (Initializer i : values()) {
            if (i.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown initializer '" + id
                + "' (expected he_normal, he_uniform, glorot_uniform, glorot_normal, ones or zeros)");
    }

    private static void uniform(Tensor w, double limit, RandomGenerator rng) {
        Ops.fill(w, () -> (2 * rng.nextDouble() - 1) * limit);
    }
}
